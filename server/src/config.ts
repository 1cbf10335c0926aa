import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Every setting of the server, read from the environment once at start and validated.
 * The README's settings table mirrors this file.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  workers: number;
  /** PostgreSQL URL; absent means embedded PGlite. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Where PGlite keeps its files and development secrets live; `memory://` keeps nothing. */
  dataDir: string;
  logLevel: string;
  bodyLimitBytes: number;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  adminUsername: string;
  adminPassword: string;
  smsProvider: 'console';
  /** Requests per minute one address may make to sign-in, SMS and registration routes. */
  rateLimitPerAddress: number;
  /** Sign-in attempts per account per 15 minutes. */
  rateLimitPerAccount: number;
  seedDemo: boolean;
  /** When set, /metrics asks for `Authorization: Bearer <token>`; meant for an internal scraper. */
  metricsToken: string | undefined;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits, logs): false (none,
   * the default), a hop count, or addresses/CIDRs. Believing every sender would let a client pick its
   * own address and walk around the per-address limits.
   */
  trustProxy: boolean | number | string[];
  /** 32-byte key (base64) that encrypts visitors' ID numbers at rest and keys their lookup hashes. */
  idEncryptionKey: Buffer;
  /** Live seat-map streams (SSE) one process keeps open; past it new ones answer 503 UNAVAILABLE. */
  sseMaxClients: number;
  /** Seconds between heartbeat comments on idle live streams, so proxies keep them open. */
  sseHeartbeatSeconds: number;
  /** Minutes a started payment extends the hold of what it pays for. */
  paymentWindowMinutes: number;
  /** The sandbox provider's RSA key pair (PEM), which signs its Alipay-style notifications; absent: no sandbox. */
  sandboxKeys: RsaKeyPair | undefined;
  /** Alipay page pay, when ALIPAY_APP_ID and both keys are set. */
  alipay: AlipaySettings | undefined;
  /** Stripe Checkout, when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set. */
  stripe: StripeSettings | undefined;
  /** The platform's Ed25519 private key that signs tickets' QR codes; scanners verify with its public half. */
  ticketSigningKey: KeyObject;
}

export interface RsaKeyPair {
  privateKey: string;
  publicKey: string;
}

export interface AlipaySettings {
  appId: string;
  /** The app's private key (PEM or bare base64), which signs requests to Alipay. */
  privateKey: string;
  /** Alipay's public key (PEM or bare base64), which verifies its notifications. */
  alipayPublicKey: string;
  gateway: string;
}

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, fallback: string | undefined, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')}`);
  }
  return raw;
}

function trustProxyOf(raw: string | undefined): boolean | number | string[] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const addresses = raw.split(',').map((part) => part.trim()).filter(Boolean);
  if (addresses.some((address) => !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(address))) {
    throw new ConfigError('TRUST_PROXY must be true, false, a hop count, or comma-separated addresses/CIDRs');
  }
  return addresses;
}

/**
 * Development keeps its secrets in the data directory so restarts keep sessions valid;
 * production must be given them, so a forgotten setting never falls back to a guessable value.
 */
function developmentSecret(
  dataDir: string,
  name: string,
  generate: () => string = () => randomBytes(32).toString('base64url'),
): string {
  if (dataDir.startsWith('memory://')) return generate();
  const file = join(dataDir, 'secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!secrets[name]) {
    secrets[name] = generate();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name];
}

/** One generated pair per process for `memory://` data: nothing is kept, and tests start many apps. */
let ephemeralKeys: RsaKeyPair | undefined;

const newRsaKeyPair = (): RsaKeyPair =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

/**
 * The sandbox's signing keys: from SANDBOX_PRIVATE_KEY and SANDBOX_PUBLIC_KEY when set (production),
 * else, outside production, generated at first start and kept in the data directory's secrets.
 * Production without them has no sandbox provider.
 */
function sandboxKeysOf(env: Env, dataDir: string, production: boolean): RsaKeyPair | undefined {
  if (env.SANDBOX_PRIVATE_KEY || env.SANDBOX_PUBLIC_KEY) {
    if (!env.SANDBOX_PRIVATE_KEY || !env.SANDBOX_PUBLIC_KEY) {
      throw new ConfigError('SANDBOX_PRIVATE_KEY and SANDBOX_PUBLIC_KEY go together');
    }
    return { privateKey: env.SANDBOX_PRIVATE_KEY, publicKey: env.SANDBOX_PUBLIC_KEY };
  }
  if (production) return undefined;
  if (dataDir.startsWith('memory://')) {
    ephemeralKeys ??= newRsaKeyPair();
    return ephemeralKeys;
  }
  const file = join(dataDir, 'secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!secrets.sandboxPrivateKey || !secrets.sandboxPublicKey) {
    const pair = newRsaKeyPair();
    secrets.sandboxPrivateKey = pair.privateKey;
    secrets.sandboxPublicKey = pair.publicKey;
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return { privateKey: secrets.sandboxPrivateKey, publicKey: secrets.sandboxPublicKey };
}

function alipayOf(env: Env): AlipaySettings | undefined {
  const names = ['ALIPAY_APP_ID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY'] as const;
  const given = names.filter((name) => env[name]);
  if (given.length === 0) return undefined;
  if (given.length < names.length) throw new ConfigError(`Alipay needs all of ${names.join(', ')}`);
  return {
    appId: env.ALIPAY_APP_ID!,
    privateKey: env.ALIPAY_PRIVATE_KEY!,
    alipayPublicKey: env.ALIPAY_PUBLIC_KEY!,
    gateway: url(env, 'ALIPAY_GATEWAY', 'https://openapi.alipay.com/gateway.do', ['https:', 'http:'])!,
  };
}

function stripeOf(env: Env): StripeSettings | undefined {
  if (!env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) return undefined;
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) {
    throw new ConfigError('Stripe needs both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET');
  }
  return { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET };
}

/** A new Ed25519 private key as base64 PKCS#8 DER, the form TICKET_SIGNING_KEY takes besides PEM. */
const newTicketSigningKey = (): string =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');

/** TICKET_SIGNING_KEY as PEM or base64 PKCS#8; anything but an Ed25519 private key is refused at start. */
function ticketSigningKeyOf(text: string): KeyObject {
  const problem = 'TICKET_SIGNING_KEY must be an Ed25519 private key, PEM or base64 PKCS#8 (e.g. `openssl genpkey -algorithm ed25519`)';
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN')
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new ConfigError(problem);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(problem);
  return key;
}

export function loadConfig(env: Env = process.env): Config {
  const mode = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = int(env, 'PORT', 3000, 0, 65535);
  const dataDirRaw = env.DATA_DIR || './data';
  const dataDir = dataDirRaw.startsWith('memory://') ? dataDirRaw : resolve(dataDirRaw);
  const production = mode === 'production';

  const jwtSecret = env.JWT_SECRET || (production ? '' : developmentSecret(dataDir, 'jwtSecret'));
  if (jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be set to at least 32 characters in production');
  }
  const idKeyText = env.ID_ENCRYPTION_KEY || (production ? '' : developmentSecret(dataDir, 'idEncryptionKey'));
  const idEncryptionKey = Buffer.from(idKeyText, 'base64');
  if (idEncryptionKey.length !== 32) {
    throw new ConfigError('ID_ENCRYPTION_KEY must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)');
  }
  const adminPassword = env.ADMIN_PASSWORD || (production ? '' : 'admin123');
  if (production && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD must be set to at least 10 characters in production');
  }
  const ticketKeyText =
    env.TICKET_SIGNING_KEY || (production ? '' : developmentSecret(dataDir, 'ticketSigningKey', newTicketSigningKey));
  if (!ticketKeyText) throw new ConfigError('TICKET_SIGNING_KEY must be set in production');
  const ticketSigningKey = ticketSigningKeyOf(ticketKeyText);

  return {
    env: mode,
    host: env.HOST || '0.0.0.0',
    port,
    publicUrl: url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:'])!,
    workers: int(env, 'WORKERS', 1, 1, 64),
    databaseUrl: url(env, 'DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    dataDir,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    jwtSecret,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86400),
    refreshTokenTtlDays: int(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
    adminUsername: env.ADMIN_USERNAME || 'admin',
    adminPassword,
    smsProvider: oneOf(env, 'SMS_PROVIDER', ['console'] as const, 'console'),
    rateLimitPerAddress: int(env, 'RATE_LIMIT_PER_ADDRESS', 300, 1, 1_000_000),
    rateLimitPerAccount: int(env, 'RATE_LIMIT_PER_ACCOUNT', 10, 1, 1_000_000),
    seedDemo: bool(env, 'SEED_DEMO', !production),
    metricsToken: env.METRICS_TOKEN || undefined,
    idEncryptionKey,
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    sseMaxClients: int(env, 'SSE_MAX_CLIENTS', 10_000, 1, 1_000_000),
    sseHeartbeatSeconds: int(env, 'SSE_HEARTBEAT_SECONDS', 15, 1, 3600),
    ticketSigningKey,
    paymentWindowMinutes: int(env, 'PAYMENT_WINDOW_MINUTES', 10, 1, 120),
    sandboxKeys: sandboxKeysOf(env, dataDir, production),
    alipay: alipayOf(env),
    stripe: stripeOf(env),
  };
}
