import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { alipaySignContent, decimalAmount, minorAmount, retryDelayMs } from '../../src/modules/payments/rules.js';

describe('payment rules', () => {
  it('writes and reads amounts as Alipay does, refusing anything but yuan with up to two decimals', () => {
    expect([0, 1, 45, 4500, 4505, 123456789].map(decimalAmount)).toEqual(['0.00', '0.01', '0.45', '45.00', '45.05', '1234567.89']);
    expect(['45.00', '45.5', '45', '0.01'].map(minorAmount)).toEqual([4500, 4550, 4500, 1]);
    for (const bad of ['', '-1.00', '1.001', '1e3', ' 1.00', '1,00', 'NaN', '0x10']) expect(minorAmount(bad)).toBeNull();
  });

  it('signs over every field but sign and sign_type, sorted, values as received, empty ones left out', () => {
    expect(alipaySignContent({ b: '2', sign: 'x', a: 'x=1&y', sign_type: 'RSA2', c: '', d: '中文' })).toBe('a=x=1&y&b=2&d=中文');
  });

  it('waits longer after each failed delivery, at most an hour', () => {
    expect([1, 2, 3, 4, 20].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000, 3_600_000]);
  });
});

describe('payment settings', () => {
  const base = { NODE_ENV: 'development', LOG_LEVEL: 'silent' };

  it('generates the sandbox key pair into the data directory once and keeps it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boxoffice-pay-'));
    try {
      const first = loadConfig({ ...base, DATA_DIR: dir });
      expect(first.sandboxKeys?.privateKey).toContain('BEGIN PRIVATE KEY');
      expect(loadConfig({ ...base, DATA_DIR: dir }).sandboxKeys).toEqual(first.sandboxKeys);
      const secrets = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'));
      expect(secrets.sandboxPublicKey).toBe(first.sandboxKeys!.publicKey);
      expect(first.paymentWindowMinutes).toBe(10);
      expect(first.alipay).toBeUndefined();
      expect(first.stripe).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns the sandbox off in production unless given its keys, and wants providers whole', () => {
    const production = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATA_DIR: 'memory://',
      JWT_SECRET: 'x'.repeat(40),
      ID_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      ADMIN_PASSWORD: 'a long admin password',
      TICKET_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const load = (env: Record<string, string>) => () => loadConfig({ ...production, ...env });
    expect(load({})().sandboxKeys).toBeUndefined();
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    expect(load({ SANDBOX_PRIVATE_KEY: keys.privateKey, SANDBOX_PUBLIC_KEY: keys.publicKey })().sandboxKeys).toEqual(keys);
    expect(load({ SANDBOX_PRIVATE_KEY: keys.privateKey })).toThrow(ConfigError);
    expect(load({ ALIPAY_APP_ID: '2021' })).toThrow(ConfigError);
    expect(load({ STRIPE_SECRET_KEY: 'sk_test_1' })).toThrow(ConfigError);
    expect(load({ PAYMENT_WINDOW_MINUTES: '0' })).toThrow(ConfigError);
    expect(load({ ALIPAY_APP_ID: '2021', ALIPAY_PRIVATE_KEY: 'k', ALIPAY_PUBLIC_KEY: 'p', ALIPAY_GATEWAY: 'ftp://x' })).toThrow(
      ConfigError,
    );
    expect(load({ STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' })().stripe).toEqual({
      secretKey: 'sk_test_1',
      webhookSecret: 'whsec_1',
    });
  });
});
