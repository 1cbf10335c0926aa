import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { doorVerdict, newHumanCode, settlingOrder, validityOf } from '../../src/modules/tickets/rules.js';
import { decodeUnverified, signTicketCode, ticketSigner, verifyTicketCode } from '../../src/modules/tickets/signing.js';

const platform = generateKeyPairSync('ed25519');
const signer = ticketSigner(platform.privateKey);

const seated = {
  ticketId: randomUUID(),
  sessionId: randomUUID(),
  seatLabel: '7排12座',
  tierId: null,
  validFrom: new Date('2026-12-01T09:30:00Z'),
  validTo: new Date('2026-12-01T13:30:00Z'),
};

/** The code with one character of its payload part changed to another base64url character. */
function flipOne(code: string, at: number): string {
  const replacement = code[at] === 'A' ? 'B' : 'A';
  return code.slice(0, at) + replacement + code.slice(at + 1);
}

describe('signed ticket codes', () => {
  it('round-trips a seated and a tiered payload and stays short enough for a dense-free QR', () => {
    const code = signer.sign(seated);
    expect(code).toMatch(/^BO1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    expect(code.length).toBeLessThan(200);
    expect(signer.verify(code)).toEqual(seated);

    const tiered = { ...seated, seatLabel: null, tierId: randomUUID() };
    expect(signer.verify(signer.sign(tiered))).toEqual(tiered);
  });

  it('refuses every single flipped character of the payload and of the signature, over many keys', () => {
    // Many keys and tickets, so codes whose last characters carry unused bits are among them.
    for (let round = 0; round < 40; round += 1) {
      const keys = generateKeyPairSync('ed25519');
      const code = signTicketCode({ ...seated, ticketId: randomUUID() }, keys.privateKey);
      expect(verifyTicketCode(code, keys.publicKey)).not.toBeNull();
      for (let at = 'BO1.'.length; at < code.length; at += 1) {
        if (code[at] === '.') continue;
        expect(verifyTicketCode(flipOne(code, at), keys.publicKey), `flipped at ${at} of ${code}`).toBeNull();
      }
    }
  });

  it('refuses a payload re-signed with another key, though it decodes', () => {
    const forger = generateKeyPairSync('ed25519');
    const forged = signTicketCode(seated, forger.privateKey);
    expect(decodeUnverified(forged)).toEqual(seated);
    expect(signer.verify(forged)).toBeNull();
    expect(verifyTicketCode(forged, forger.publicKey)).toEqual(seated);
  });

  it('refuses garbage without throwing', () => {
    for (const garbage of ['', 'hello', 'BO1.', 'BO1..', 'BO1.abc.def', 'BO2.' + signer.sign(seated).slice(4), 'BO1.!!.??', 'x'.repeat(1000)]) {
      expect(signer.verify(garbage), garbage.slice(0, 20)).toBeNull();
    }
  });

  it('publishes the public key as PEM and raw base64url', () => {
    expect(signer.publicKey.pem).toContain('BEGIN PUBLIC KEY');
    expect(Buffer.from(signer.publicKey.raw, 'base64url')).toHaveLength(32);
  });
});

describe('door rules', () => {
  const window = validityOf({ startsAt: new Date('2026-12-01T12:00:00Z'), endsAt: new Date('2026-12-01T14:00:00Z') });
  const ticket = { merchantId: 'm1', venueId: 'v1', status: 'valid' as const, entriesUsed: 0, entriesAllowed: 1, ...window };
  const door = { merchantId: 'm1' };

  it('opens two hours before the start and closes at the end', () => {
    expect(window.validFrom.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(doorVerdict(ticket, door, new Date('2026-12-01T09:59:59Z'))).toBe('not-today');
    expect(doorVerdict(ticket, door, new Date('2026-12-01T10:00:00Z'))).toBe('admit');
    expect(doorVerdict(ticket, door, new Date('2026-12-01T13:59:59Z'))).toBe('admit');
    expect(doorVerdict(ticket, door, new Date('2026-12-01T14:00:00Z'))).toBe('not-today');
  });

  it('says wrong-venue before anything else, then refunded and already-used whatever the time', () => {
    const at = new Date('2026-11-01T00:00:00Z');
    expect(doorVerdict({ ...ticket, status: 'refunded' }, { merchantId: 'm2' }, at)).toBe('wrong-venue');
    expect(doorVerdict(ticket, { merchantId: 'm1', venueId: 'v2' }, at)).toBe('wrong-venue');
    expect(doorVerdict({ ...ticket, status: 'refunded' }, door, at)).toBe('refunded');
    expect(doorVerdict({ ...ticket, status: 'used', entriesUsed: 1 }, door, at)).toBe('already-used');
  });

  it('makes counter codes of the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i += 1) expect(newHumanCode()).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
  });

  it('settles offline scans earliest first, ties in upload order', () => {
    const scans = [
      { index: 0, ticketId: 't', scannedAt: new Date('2026-12-01T10:05:00Z') },
      { index: 1, ticketId: 't', scannedAt: new Date('2026-12-01T10:01:00Z') },
      { index: 2, ticketId: 't', scannedAt: new Date('2026-12-01T10:01:00Z') },
    ];
    expect(settlingOrder(scans).map((scan) => scan.index)).toEqual([1, 2, 0]);
  });
});
