import { describe, expect, it } from 'vitest';
import { accessTokenSigner } from '../../src/modules/identity/tokens.js';
import type { Actor } from '../../src/http/actor.js';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const customer: Actor = { userId: '7f1c2a9e-3b7d-4c1a-9e2f-1a2b3c4d5e6f', portal: 'customer', permissions: 5n, merchantId: null };

describe('access tokens', () => {
  it('verifies a token only for its portal, also once it has been verified before', async () => {
    const signer = accessTokenSigner(SECRET, 900, () => new Date('2026-12-01T10:00:00Z'));
    const token = await signer.sign(customer);
    expect(await signer.verify(token, 'customer')).toEqual(customer);
    expect(await signer.verify(token, 'customer')).toEqual(customer);
    expect(await signer.verify(token, 'merchant')).toBeNull();
    expect(await signer.verify(token, 'admin')).toBeNull();
  });

  it('refuses a remembered token once it has expired', async () => {
    let now = new Date('2026-12-01T10:00:00Z');
    const signer = accessTokenSigner(SECRET, 900, () => now);
    const token = await signer.sign(customer);
    expect(await signer.verify(token, 'customer')).not.toBeNull();
    now = new Date('2026-12-01T10:15:00Z');
    expect(await signer.verify(token, 'customer')).toBeNull();
  });

  it('refuses a token signed with another secret or altered, however often it is shown', async () => {
    const at = () => new Date('2026-12-01T10:00:00Z');
    const signer = accessTokenSigner(SECRET, 900, at);
    const forger = accessTokenSigner('another-secret-of-at-least-thirty-two-chars', 900, at);
    const forged = await forger.sign({ ...customer, permissions: 0xffffn });
    const genuine = await signer.sign(customer);
    const [head, , signature] = genuine.split('.');
    const altered = `${head}.${Buffer.from(JSON.stringify({ sub: customer.userId, aud: 'customer', iss: 'boxoffice', perm: 'ffff', exp: 1e10 })).toString('base64url')}.${signature}`;
    for (let i = 0; i < 2; i += 1) {
      expect(await signer.verify(forged, 'customer')).toBeNull();
      expect(await signer.verify(altered, 'customer')).toBeNull();
    }
  });
});
