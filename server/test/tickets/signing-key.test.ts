import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { signTicketCode, ticketSigner } from '../../src/modules/tickets/signing.js';
import { runCli } from '../support/cli.js';

const production = {
  NODE_ENV: 'production',
  DATA_DIR: 'memory://',
  JWT_SECRET: 's'.repeat(40),
  ID_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  ADMIN_PASSWORD: 'a-long-password',
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('TICKET_SIGNING_KEY', () => {
  it('is required in production and must be an Ed25519 private key', () => {
    expect(() => loadConfig(production)).toThrow(/TICKET_SIGNING_KEY must be set in production/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    for (const bad of ['not a key', rsa.toString(), Buffer.from('short').toString('base64')]) {
      expect(() => loadConfig({ ...production, TICKET_SIGNING_KEY: bad })).toThrow(ConfigError);
    }
  });

  it('takes PEM or base64 PKCS#8', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const expected = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    for (const given of [pem, der]) {
      const config = loadConfig({ ...production, TICKET_SIGNING_KEY: given });
      expect(ticketSigner(config.ticketSigningKey).publicKey.pem).toBe(expected);
    }
  });

  it('is generated once into the data directory in development and kept across restarts', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'boxoffice-ticket-key-'));
    dirs.push(dataDir);
    const first = ticketSigner(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }).ticketSigningKey);
    const again = ticketSigner(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }).ticketSigningKey);
    expect(again.publicKey).toEqual(first.publicKey);
    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'));
    expect(typeof secrets.ticketSigningKey).toBe('string');
  });
});

describe('boxoffice verify-ticket', { timeout: 60_000 }, () => {
  it('prints the payload of a code the platform signed, and fails for one signed with another key', async () => {
    const platform = generateKeyPairSync('ed25519').privateKey;
    const env = { DATA_DIR: 'memory://', TICKET_SIGNING_KEY: platform.export({ format: 'pem', type: 'pkcs8' }).toString() };
    const payload = {
      ticketId: randomUUID(),
      sessionId: randomUUID(),
      seatLabel: '3排8座',
      tierId: null,
      validFrom: new Date('2026-12-01T09:30:00Z'),
      validTo: new Date('2026-12-01T13:30:00Z'),
    };
    const good = await runCli(['verify-ticket', signTicketCode(payload, platform)], env);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual({
      signatureValid: true,
      payload: { ...payload, validFrom: payload.validFrom.toISOString(), validTo: payload.validTo.toISOString() },
    });

    const forged = await runCli(['verify-ticket', signTicketCode(payload, generateKeyPairSync('ed25519').privateKey)], env);
    expect(forged.code).toBe(1);
    expect(JSON.parse(forged.stdout)).toMatchObject({ signatureValid: false, payload: { ticketId: payload.ticketId } });
  });
});
