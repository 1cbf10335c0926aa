import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The signed QR payload, built to stay short (a dense QR scans badly on a cracked phone screen):
 *
 *   BO1.<payload, base64url>.<Ed25519 signature, base64url>
 *
 * The payload is binary: ticket id (16 bytes), session id (16), valid from and valid to (unix seconds,
 * 4 bytes each, big-endian), then a kind byte and the place: 1 = a seat label (UTF-8, the rest), 2 = a
 * tier id (16 bytes). The signature covers the text `BO1.<payload>`, so a scanner verifies with string
 * operations and the public key alone; about 160 characters in all.
 */
export interface TicketPayload {
  ticketId: string;
  sessionId: string;
  /** Seated tickets name their seat, pool tickets their tier: exactly one of the two. */
  seatLabel: string | null;
  tierId: string | null;
  validFrom: Date;
  validTo: Date;
}

export const CODE_PREFIX = 'BO1.';
const SEAT = 1;
const TIER = 2;
const FIXED = 16 + 16 + 4 + 4 + 1;
const SIGNATURE_BYTES = 64;
/** Longer than any payload we sign, so garbage is refused before it is decoded. */
const MAX_CODE_LENGTH = 400;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const uuidBytes = (id: string): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex');
function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function encodePayload(payload: TicketPayload): Buffer {
  const head = Buffer.alloc(FIXED);
  uuidBytes(payload.ticketId).copy(head, 0);
  uuidBytes(payload.sessionId).copy(head, 16);
  head.writeUInt32BE(Math.floor(payload.validFrom.getTime() / 1000), 32);
  head.writeUInt32BE(Math.ceil(payload.validTo.getTime() / 1000), 36);
  if (payload.seatLabel !== null) {
    head.writeUInt8(SEAT, 40);
    return Buffer.concat([head, Buffer.from(payload.seatLabel, 'utf8')]);
  }
  // The ticket table's check constraint gives every ticket a seat label or a tier.
  if (payload.tierId === null) throw new Error('A ticket names its seat or its tier');
  head.writeUInt8(TIER, 40);
  return Buffer.concat([head, uuidBytes(payload.tierId)]);
}

function decodePayload(bytes: Buffer): TicketPayload | null {
  if (bytes.length < FIXED) return null;
  const kind = bytes.readUInt8(40);
  const place = bytes.subarray(FIXED);
  if (kind === SEAT && place.length === 0) return null;
  if (kind === TIER && place.length !== 16) return null;
  if (kind !== SEAT && kind !== TIER) return null;
  return {
    ticketId: uuidOf(bytes.subarray(0, 16)),
    sessionId: uuidOf(bytes.subarray(16, 32)),
    validFrom: new Date(bytes.readUInt32BE(32) * 1000),
    validTo: new Date(bytes.readUInt32BE(36) * 1000),
    seatLabel: kind === SEAT ? place.toString('utf8') : null,
    tierId: kind === TIER ? uuidOf(place) : null,
  };
}

/** The parts of a code, unverified: for tools that show what a code says and whether it verifies. */
function splitCode(code: string): { signed: string; payload: Buffer; signature: Buffer } | null {
  if (code.length > MAX_CODE_LENGTH || !code.startsWith(CODE_PREFIX)) return null;
  const parts = code.slice(CODE_PREFIX.length).split('.');
  if (parts.length !== 2 || !parts.every((part) => BASE64URL.test(part))) return null;
  const [payload, signature] = parts.map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer];
  // Only the one canonical spelling of each part: a last character differing in unused bits decodes
  // to the same bytes, and a code changed in any character must not verify.
  if (payload.toString('base64url') !== parts[0] || signature.toString('base64url') !== parts[1]) return null;
  if (signature.length !== SIGNATURE_BYTES) return null;
  return { signed: `${CODE_PREFIX}${parts[0]}`, payload, signature };
}

export const decodeUnverified = (code: string): TicketPayload | null => {
  const parts = splitCode(code);
  return parts ? decodePayload(parts.payload) : null;
};

/** The payload of a code whose signature verifies with `publicKey`; null for anything else. */
export function verifyTicketCode(code: string, publicKey: KeyObject): TicketPayload | null {
  const parts = splitCode(code);
  if (!parts) return null;
  if (!verify(null, Buffer.from(parts.signed, 'ascii'), publicKey, parts.signature)) return null;
  return decodePayload(parts.payload);
}

export function signTicketCode(payload: TicketPayload, privateKey: KeyObject): string {
  const signed = `${CODE_PREFIX}${encodePayload(payload).toString('base64url')}`;
  return `${signed}.${sign(null, Buffer.from(signed, 'ascii'), privateKey).toString('base64url')}`;
}

/** The public half as offline scanners take it: PEM (SPKI), and the raw 32 bytes in base64url. */
export interface PublicKeyView {
  algorithm: 'Ed25519';
  pem: string;
  raw: string;
}

export interface TicketSigner {
  sign(payload: TicketPayload): string;
  verify(code: string): TicketPayload | null;
  publicKey: PublicKeyView;
}

/** Ed25519 over node:crypto with the platform's key (TICKET_SIGNING_KEY). */
export function ticketSigner(privateKey: KeyObject): TicketSigner {
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' });
  const view: PublicKeyView = {
    algorithm: 'Ed25519',
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    raw: jwk.x ?? '',
  };
  return {
    sign: (payload) => signTicketCode(payload, privateKey),
    verify: (code) => verifyTicketCode(code, publicKey),
    publicKey: view,
  };
}

/** What a code says and whether the platform signed it, for `boxoffice verify-ticket`. */
export interface CodeInspection {
  signatureValid: boolean;
  /** The decoded payload, also of a code whose signature fails (to show what it claims); null if unreadable. */
  payload: TicketPayload | null;
}

export const inspectCode = (signer: TicketSigner, code: string): CodeInspection => {
  const verified = signer.verify(code);
  return { signatureValid: verified !== null, payload: verified ?? decodeUnverified(code) };
};
