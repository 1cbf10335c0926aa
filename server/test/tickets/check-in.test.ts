import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refundTickets } from '../../src/modules/tickets/index.js';
import { decodeUnverified, signTicketCode } from '../../src/modules/tickets/signing.js';
import { createActor, type TestActor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { type SchedulingWorld } from '../support/scheduling.js';
import {
  checkIn,
  createTicketedOrder,
  createTicketWorld,
  openDoors,
  scansOf,
  signedCodeOf,
  TEST_START,
  ticketsOfOrder,
} from '../support/tickets.js';

let t: TestApp;
let world: SchedulingWorld;
let gate: () => Promise<TestActor>;

beforeAll(async () => {
  t = await createTestApp();
  ({ world, gate } = await createTicketWorld(t));
});
afterAll(() => t.close());

/**
 * A fresh ticket of the world's merchant and its signed code, bought at the test's start; then the
 * clock moves to half an hour before its session, the doors open.
 */
async function ticketAtTheDoor(options: { tiered?: boolean } = {}) {
  t.clock.set(TEST_START);
  const order = await createTicketedOrder(t, world, options);
  const ticket = order.tickets[0]!;
  const code = await signedCodeOf(t, order.buyer, ticket.id);
  const at = await openDoors(t, ticket.id);
  return { ...order, ticket, code, at };
}

describe('POST /api/merchant/check-ins', () => {
  it('admits once; a second scan says already-used with the time and gate of the first', async () => {
    const { ticket, code, at, orderId } = await ticketAtTheDoor();
    const first = await checkIn(t, await gate(), { code, gate: 'North 2' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      result: 'admitted',
      usedAt: at.toISOString(),
      gate: 'North 2',
      ticket: { id: ticket.id, status: 'used', entriesUsed: 1, type: 'adult' },
    });

    t.clock.advance(5 * 60_000);
    const second = await checkIn(t, await gate(), { code, gate: 'South 1' });
    expect(second.json()).toMatchObject({ result: 'already-used', usedAt: at.toISOString(), gate: 'North 2' });
    // The venue is in Asia/Shanghai (UTC+8, no summer time): staff read the local time.
    const local = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
    expect(second.json().message).toBe(`Already used at ${local}, gate North 2`);
    expect((await ticketsOfOrder(t, orderId))[0]).toMatchObject({ status: 'used', entries_used: 1 });
    expect(await scansOf(t, ticket.id)).toEqual([
      { result: 'admitted', gate: 'North 2', source: 'online' },
      { result: 'already-used', gate: 'South 1', source: 'online' },
    ]);
  });

  it('admits exactly one of 20 parallel scans of one code', async () => {
    const { ticket, code } = await ticketAtTheDoor();
    const staff = await gate();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => checkIn(t, staff, { code, gate: `Gate ${i}` })),
    );
    expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
    const results = answers.map((answer) => answer.json().result as string);
    expect(results.filter((result) => result === 'admitted')).toHaveLength(1);
    expect(results.filter((result) => result === 'already-used')).toHaveLength(19);
    const winner = answers.find((answer) => answer.json().result === 'admitted')!.json();
    for (const answer of answers.filter((a) => a.json().result === 'already-used')) {
      expect(answer.json()).toMatchObject({ usedAt: winner.usedAt, gate: winner.gate });
    }
    const scans = await scansOf(t, ticket.id);
    expect(scans).toHaveLength(20);
    expect(scans.filter((scan) => scan.result === 'admitted')).toHaveLength(1);
  });

  it('admits a tiered ticket, and by the counter code typed in lower case with a dash', async () => {
    const { code } = await ticketAtTheDoor({ tiered: true });
    expect((await checkIn(t, await gate(), { code })).json().result).toBe('admitted');

    t.clock.set(TEST_START);
    const order = await createTicketedOrder(t, world);
    const [stored] = await ticketsOfOrder(t, order.orderId);
    await openDoors(t, stored!.id);
    const typed = `${stored!.code.slice(0, 5)}-${stored!.code.slice(5)}`.toLowerCase();
    const answer = await checkIn(t, await gate(), { code: typed, gate: 'Counter' });
    expect(answer.json()).toMatchObject({ result: 'admitted', gate: 'Counter', ticket: { id: stored!.id } });
  });

  it('answers invalid for a tampered, re-signed, unknown or garbage code and admits nothing', async () => {
    const { code, ticket, orderId } = await ticketAtTheDoor();
    const payloadEnd = code.lastIndexOf('.') - 1;
    const flipped = code.slice(0, payloadEnd) + (code[payloadEnd] === 'A' ? 'B' : 'A') + code.slice(payloadEnd + 1);
    const forged = signTicketCode(decodeUnverified(code)!, generateKeyPairSync('ed25519').privateKey);
    for (const bad of [flipped, forged, 'BO1.garbage.garbage', 'not a ticket', 'ZZZZZZZZZZ']) {
      const answer = await checkIn(t, await gate(), { code: bad });
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.json(), bad).toEqual({ result: 'invalid', message: 'Not a valid ticket' });
    }
    expect((await ticketsOfOrder(t, orderId))[0]!.status).toBe('valid');
    expect(await scansOf(t, ticket.id)).toEqual([]);
    expect((await checkIn(t, await gate(), { code })).json().result).toBe('admitted');
  });

  it("answers wrong-venue to another merchant's staff and for another venue, showing nothing of the ticket", async () => {
    t.clock.set(TEST_START);
    const other = await createTicketWorld(t);
    const { code, orderId } = await ticketAtTheDoor();
    const answer = await checkIn(t, await other.gate(), { code });
    expect(answer.json()).toEqual({ result: 'wrong-venue', message: 'Not a ticket for this venue' });
    const elsewhere = await checkIn(t, await gate(), { code, venueId: other.world.venueId });
    expect(elsewhere.json()).toEqual({ result: 'wrong-venue', message: 'Not a ticket for this venue' });
    expect((await ticketsOfOrder(t, orderId))[0]!.status).toBe('valid');
    expect((await checkIn(t, await gate(), { code, venueId: world.venueId })).json().result).toBe('admitted');
  });

  it('answers refunded for a refunded ticket', async () => {
    const { code, orderId, ticket } = await ticketAtTheDoor();
    await t.deps.database.db.transaction((tx) => refundTickets(tx, orderId, [ticket.id], t.clock.now()));
    expect((await checkIn(t, await gate(), { code })).json()).toMatchObject({ result: 'refunded', ticket: { status: 'refunded' } });
  });

  it('refuses to refund a used ticket with TICKET_USED', async () => {
    const { code, orderId, ticket } = await ticketAtTheDoor();
    expect((await checkIn(t, await gate(), { code })).json().result).toBe('admitted');
    await expect(
      t.deps.database.db.transaction((tx) => refundTickets(tx, orderId, null, t.clock.now())),
    ).rejects.toMatchObject({ code: 'TICKET_USED', details: { ticketIds: [ticket.id] } });
  });

  it('lets a scan and a refund of one ticket race: exactly one of them wins', async () => {
    for (let round = 0; round < 6; round += 1) {
      const { code, orderId } = await ticketAtTheDoor();
      const staff = await gate();
      const [scan, refund] = await Promise.allSettled([
        checkIn(t, staff, { code }),
        t.deps.database.db.transaction((tx) => refundTickets(tx, orderId, null, t.clock.now())),
      ]);
      const result = scan.status === 'fulfilled' ? scan.value.json().result : 'failed';
      const [stored] = await ticketsOfOrder(t, orderId);
      if (result === 'admitted') {
        expect(refund).toMatchObject({ status: 'rejected', reason: { code: 'TICKET_USED' } });
        expect(stored!.status).toBe('used');
      } else {
        expect(result).toBe('refunded');
        expect(refund).toMatchObject({ status: 'fulfilled', value: [expect.anything()] });
        expect(stored!.status).toBe('refunded');
      }
    }
  });

  it('answers not-today before the doors open and after the session ends', async () => {
    const { code, orderId } = await ticketAtTheDoor();
    const [row] = await ticketsOfOrder(t, orderId);
    await openDoors(t, row!.id);
    t.clock.advance(-2 * 60 * 60_000);
    const early = (await checkIn(t, await gate(), { code })).json();
    expect(early).toMatchObject({ result: 'not-today', ticket: { status: 'valid' } });
    expect(early.message).toMatch(/^Valid \d{4}-\d\d-\d\d \d\d:\d\d to \d\d:\d\d$/);
    t.clock.advance(2 * 60 * 60_000 + 30 * 60_000 + 120 * 60_000);
    expect((await checkIn(t, await gate(), { code })).json().result).toBe('not-today');
    expect((await ticketsOfOrder(t, orderId))[0]!.status).toBe('valid');
  });

  it('answers 401 to customer and admin tokens and to none, 403 without merchant.checkin', async () => {
    const { code } = await ticketAtTheDoor();
    const buyer = await createActor(t, 'customer');
    const admin = await createActor(t, 'admin');
    for (const actor of [buyer, admin]) {
      const answer = await checkIn(t, actor, { code });
      expect(answer.statusCode).toBe(401);
      expect(answer.json().error.code).toBe('UNAUTHENTICATED');
    }
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/merchant/check-ins', payload: { code } });
    expect(anonymous.statusCode).toBe(401);
    const sales = await createActor(t, 'merchant', {
      merchantId: world.merchant.merchantId,
      permissions: ['merchant.sales.read', 'merchant.sessions.manage'],
    });
    const refused = await checkIn(t, sales, { code });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    const unapproved = await createActor(t, 'merchant', { permissions: ['merchant.checkin'] });
    expect((await checkIn(t, unapproved, { code })).statusCode).toBe(403);
    const boxOffice = await createActor(t, 'merchant', {
      merchantId: world.merchant.merchantId,
      permissions: ['merchant.sales.read', 'merchant.refunds.manage', 'merchant.checkin'],
    });
    expect((await checkIn(t, boxOffice, { code })).json().result).toBe('admitted');
  });

  it('answers 400 to bad bodies', async () => {
    const staff = await gate();
    for (const body of [{}, { code: 42 }, { code: '' }, { code: 'x', gate: '' }, { code: 'x', extra: 1 }, { code: 'x', venueId: 'v' }]) {
      const answer = await checkIn(t, staff, body);
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.json().error.code).toBe('VALIDATION_FAILED');
    }
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/merchant/check-ins',
      headers: { ...staff.headers, 'content-type': 'application/json' },
      payload: '{"code":',
    });
    expect(broken.statusCode).toBe(400);
  });
});
