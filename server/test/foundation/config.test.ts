import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';

const base = { NODE_ENV: 'test', DATA_DIR: 'memory://' };

describe('configuration from the environment', () => {
  it('has safe development defaults', () => {
    const config = loadConfig(base);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.accessTokenTtlSeconds).toBe(900);
    expect(config.adminUsername).toBe('admin');
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.trustProxy).toBe(false);
  });

  it('believes forwarded addresses only from the proxies it is told of', () => {
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ SEED_DEMO: 'maybe' }, /SEED_DEMO must be true or false/],
    [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY must be/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET must be set/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, /ID_ENCRYPTION_KEY must be 32 bytes/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ID_ENCRYPTION_KEY: 'c2hvcnQ=' }, /ID_ENCRYPTION_KEY/],
    [
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ID_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') },
      /ADMIN_PASSWORD must be set/,
    ],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('takes production secrets from the environment and seeds no demo data there', () => {
    const config = loadConfig({
      ...base,
      NODE_ENV: 'production',
      JWT_SECRET: 's'.repeat(40),
      ID_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      ADMIN_PASSWORD: 'a-long-password',
      TICKET_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    });
    expect(config.jwtSecret).toBe('s'.repeat(40));
    expect(config.seedDemo).toBe(false);
  });
});
