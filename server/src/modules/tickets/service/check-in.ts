import type { Db } from '../../../db/client.js';
import type { Actor } from '../../../http/actor.js';
import { merchantIdOf } from '../../../http/actor.js';
import { notFound } from '../../../http/errors.js';
import { assertPermission } from '../../identity/permissions.js';
import { getSessionSchedule } from '../../scheduling/index.js';
import * as repo from '../repo.js';
import type { TicketRow } from '../repo.js';
import { doorVerdict, HUMAN_CODE, normaliseHumanCode, settlingOrder, validityOf, type CheckInResult } from '../rules.js';
import type { CheckInAnswer, CheckInBody, ManifestAnswer, OfflineAnswer, OfflineBody } from '../schemas.js';
import { CODE_PREFIX, type TicketSigner } from '../signing.js';
import type { TicketsContext } from './context.js';
import { atGate, doorMessage, payloadOf, ticketAtDoor } from './views.js';

const iso = (value: Date | string): string => new Date(value).toISOString();

/** The door: the merchant its staff work for, and optionally the one venue it admits to. */
interface Door {
  merchantId: string;
  venueId?: string | undefined;
}

interface Outcome {
  result: CheckInResult;
  ticket: TicketRow | null;
}

/** Only staff of an approved merchant whose role carries merchant.checkin (gate, box office, managers). */
function doorOf(actor: Actor, venueId?: string): Door {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.checkin');
  return { merchantId, venueId };
}

/**
 * The ticket a scanned or typed code names. A QR code must verify against the platform's key before
 * anything is read (a forged or tampered one names nothing); a typed counter code is looked up as is,
 * since staff at the counter see the customer and the code is long enough not to be guessed.
 */
async function ticketOfCode(db: Db, signer: TicketSigner, code: string): Promise<TicketRow | null> {
  if (code.startsWith(CODE_PREFIX)) {
    const payload = signer.verify(code);
    if (!payload) return null;
    const row = await repo.findTicket(db, payload.ticketId);
    return row && row.session_id === payload.sessionId ? row : null;
  }
  const typed = normaliseHumanCode(code);
  return HUMAN_CODE.test(typed) ? repo.findTicketByCode(db, typed) : null;
}

/**
 * One scan, in the caller's transaction: decide at the door, then admit with one conditional update.
 * When that update finds the ticket no longer admissible (a concurrent scan admitted it first, or a
 * refund landed), the ticket is read again and the door says why.
 */
async function settleScan(tx: Db, ticket: TicketRow | null, door: Door, gate: string | null, at: Date): Promise<Outcome> {
  if (!ticket) return { result: 'invalid', ticket: null };
  const verdict = doorVerdict(atGate(ticket), door, at);
  if (verdict !== 'admit') return { result: verdict, ticket };
  const admitted = await repo.admit(tx, ticket.id, gate, at);
  if (admitted) return { result: 'admitted', ticket: admitted };
  // Tickets are never deleted, so the row is there; under READ COMMITTED this read sees the winner's write.
  const reread = (await repo.findTicket(tx, ticket.id)) ?? ticket;
  const after = doorVerdict(atGate(reread), door, at);
  return { result: after === 'admit' ? 'already-used' : after, ticket: reread };
}

/** The answer of one outcome; another merchant's ticket and an invalid code show nothing of a ticket. */
function answerOf(outcome: Outcome): CheckInAnswer {
  const { result, ticket } = outcome;
  if (!ticket || result === 'wrong-venue' || result === 'invalid') return { result, message: doorMessage(result, null) };
  const shown = result === 'admitted' || result === 'already-used';
  return {
    result,
    message: doorMessage(result, ticket),
    ticket: ticketAtDoor(ticket),
    ...(shown && ticket.used_at !== null ? { usedAt: iso(ticket.used_at) } : {}),
    ...(shown && ticket.used_gate !== null ? { gate: ticket.used_gate } : {}),
  };
}

/** POST /api/merchant/check-ins: one scan at the door, answered and recorded at once. */
export async function checkIn(ctx: TicketsContext, actor: Actor, body: CheckInBody): Promise<CheckInAnswer> {
  const door = doorOf(actor, body.venueId);
  const gate = body.gate ?? null;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const ticket = await ticketOfCode(tx, ctx.signer, body.code);
    const outcome = await settleScan(tx, ticket, door, gate, now);
    await repo.insertScans(tx, [
      {
        ticketId: outcome.ticket?.id ?? null,
        merchantId: door.merchantId,
        staffUserId: actor.userId,
        gate,
        result: outcome.result,
        source: 'online',
        scannedAt: now,
        recordedAt: now,
      },
    ]);
    return answerOf(outcome);
  });
}

/**
 * POST /api/merchant/check-ins/offline: what scanners admitted from their manifest while offline.
 * Each ticket's scans are settled earliest first: the first admits if the ticket was still valid at
 * its time, the later ones find it used (already-used, with the first one's time and gate). A scan
 * time in the future (a scanner's clock running fast) counts as now. Tickets are settled in id order,
 * so two uploads sharing tickets never wait on each other in a cycle.
 */
export async function checkInOffline(ctx: TicketsContext, actor: Actor, body: OfflineBody): Promise<OfflineAnswer> {
  const door = doorOf(actor);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const located: { index: number; gate: string | null; scannedAt: Date; ticket: TicketRow | null }[] = [];
    for (const [index, scan] of body.scans.entries()) {
      located.push({
        index,
        gate: scan.gate ?? null,
        scannedAt: new Date(Math.min(new Date(scan.scannedAt).getTime(), now.getTime())),
        ticket: await ticketOfCode(tx, ctx.signer, scan.code),
      });
    }
    // Every scan starts invalid; those naming a ticket are settled below, per ticket, in id order.
    const outcomes: Outcome[] = located.map(() => ({ result: 'invalid', ticket: null }));
    const byTicket = new Map<string, typeof located>();
    for (const scan of located) {
      if (scan.ticket) byTicket.set(scan.ticket.id, [...(byTicket.get(scan.ticket.id) ?? []), scan]);
    }
    for (const ticketId of [...byTicket.keys()].sort()) {
      const scans = byTicket.get(ticketId)!;
      let current = scans[0]!.ticket;
      for (const scan of settlingOrder(scans)) {
        const outcome = await settleScan(tx, current, door, scan.gate, scan.scannedAt);
        outcomes[scan.index] = outcome;
        current = outcome.ticket;
      }
    }
    await repo.insertScans(
      tx,
      located.map((scan) => ({
        ticketId: outcomes[scan.index]!.ticket?.id ?? null,
        merchantId: door.merchantId,
        staffUserId: actor.userId,
        gate: scan.gate,
        result: outcomes[scan.index]!.result,
        source: 'offline' as const,
        scannedAt: scan.scannedAt,
        recordedAt: now,
      })),
    );
    return { results: outcomes.map((outcome, index) => ({ index, ...answerOf(outcome) })) };
  });
}

/**
 * GET /api/merchant/sessions/{id}/manifest: what an offline scanner needs to admit the session's
 * tickets alone: the public key, the valid tickets (signed codes and counter codes), the used ones and
 * the revoked (refunded) ones, and when it was generated. Another merchant's session reads as missing.
 */
export async function sessionManifest(ctx: TicketsContext, actor: Actor, sessionId: string): Promise<ManifestAnswer> {
  const door = doorOf(actor);
  const session = await getSessionSchedule(ctx.db, sessionId);
  if (session.merchantId !== door.merchantId) throw notFound('Session');
  const rows = await repo.listTicketsOfSession(ctx.db, sessionId);
  const { validFrom, validTo } = validityOf(session);
  return {
    sessionId,
    venueId: session.venueId,
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    generatedAt: ctx.clock.now().toISOString(),
    publicKey: ctx.signer.publicKey,
    valid: rows
      .filter((row) => row.status === 'valid')
      .map((row) => ({
        id: row.id,
        counterCode: row.code,
        code: ctx.signer.sign(payloadOf(row)),
        seatLabel: row.seat_label,
        tierId: row.tier_id,
        entriesLeft: row.entries_allowed - row.entries_used,
      })),
    used: rows
      .filter((row) => row.status === 'used')
      .map((row) => ({ id: row.id, counterCode: row.code, usedAt: iso(row.used_at ?? row.issued_at), gate: row.used_gate })),
    revoked: rows
      .filter((row) => row.status === 'refunded')
      .map((row) => ({ id: row.id, counterCode: row.code, refundedAt: iso(row.refunded_at ?? row.issued_at) })),
  };
}
