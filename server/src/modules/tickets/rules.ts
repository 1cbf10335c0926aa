import { randomInt } from 'node:crypto';

/**
 * A ticket's life:
 *   valid ──check-in, last entry──> used
 *   valid ──refund, before any entry──> refunded
 * A multi-entry ticket stays valid while it has entries left; each admission counts one. Nothing leaves
 * used or refunded.
 */
export const TICKET_STATUSES = ['valid', 'used', 'refunded'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** What the door answers for one scan. */
export const CHECK_IN_RESULTS = ['admitted', 'already-used', 'invalid', 'refunded', 'wrong-venue', 'not-today'] as const;
export type CheckInResult = (typeof CHECK_IN_RESULTS)[number];

/** The door opens this long before a session starts (foyers, queues, security checks). */
export const ENTRY_WINDOW_MINUTES = 120;

/** Session tickets admit once; passes may admit more. */
export const SESSION_TICKET_ENTRIES = 1;

/** The validity window of a session's tickets: from the start less the entry window, to its end. */
export function validityOf(session: { startsAt: Date; endsAt: Date }): { validFrom: Date; validTo: Date } {
  return { validFrom: new Date(session.startsAt.getTime() - ENTRY_WINDOW_MINUTES * 60_000), validTo: session.endsAt };
}

export const withinValidity = (window: { validFrom: Date; validTo: Date }, at: Date): boolean =>
  window.validFrom.getTime() <= at.getTime() && at.getTime() < window.validTo.getTime();

/** No 0/O, 1/I/L: a code read aloud or typed at the counter has one reading. 31 characters. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 10;
export const HUMAN_CODE = /^[2-9A-HJKMNP-Z]{10}$/;

/**
 * A fresh counter code: 10 of 31 characters is ~8·10¹⁴ codes, so a clash among a platform's tickets is
 * vanishingly rare; the unique constraint refuses one if it ever happens (and the payment retries).
 */
export function newHumanCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** Typed codes are forgiving: case, spaces and dashes do not matter. */
export const normaliseHumanCode = (typed: string): string => typed.toUpperCase().replace(/[\s-]/g, '');

/** One scan of an offline scanner's upload, as the settling sees it. */
export interface OfflineScan {
  /** The scan's place in the upload. */
  index: number;
  scannedAt: Date;
}

/**
 * The order in which an upload's scans of one ticket are settled: the earliest scan first (the one the
 * ticket admitted, if it was still valid), ties by their place in the upload, so the answer never
 * depends on how the scanner listed them.
 */
export function settlingOrder<T extends OfflineScan>(scans: readonly T[]): T[] {
  return [...scans].sort((a, b) => a.scannedAt.getTime() - b.scannedAt.getTime() || a.index - b.index);
}

/** What the door needs to know of a ticket to decide on it. */
export interface TicketAtGate {
  merchantId: string;
  venueId: string;
  status: TicketStatus;
  entriesUsed: number;
  entriesAllowed: number;
  validFrom: Date;
  validTo: Date;
}

/**
 * The door's decision before it tries to admit: another merchant's ticket (or another venue's, when
 * the door names its venue) is wrong-venue; then a refunded ticket is refunded and one with no entry
 * left already-used, whatever the time; then a ticket outside its window is not-today. Else: admit.
 */
export function doorVerdict(
  ticket: TicketAtGate,
  door: { merchantId: string; venueId?: string | undefined },
  at: Date,
): Exclude<CheckInResult, 'admitted' | 'invalid'> | 'admit' {
  if (ticket.merchantId !== door.merchantId) return 'wrong-venue';
  if (door.venueId !== undefined && ticket.venueId !== door.venueId) return 'wrong-venue';
  if (ticket.status === 'refunded') return 'refunded';
  if (ticket.status === 'used' || ticket.entriesUsed >= ticket.entriesAllowed) return 'already-used';
  if (!withinValidity(ticket, at)) return 'not-today';
  return 'admit';
}
