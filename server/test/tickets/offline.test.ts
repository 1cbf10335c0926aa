import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refundTickets } from '../../src/modules/tickets/index.js';
import { createActor, type TestActor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import type { SchedulingWorld } from '../support/scheduling.js';
import {
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

const upload = async (body: object, actor?: TestActor) =>
  t.app.inject({
    method: 'POST',
    url: '/api/merchant/check-ins/offline',
    headers: (actor ?? (await gate())).headers,
    payload: body,
  });

const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000).toISOString();

describe('GET /api/merchant/sessions/{id}/manifest', () => {
  it('lists the valid tickets with their signed codes, the used and the revoked ones, and the public key', async () => {
    t.clock.set(TEST_START);
    const { orderId, sessionId, tickets, buyer } = await createTicketedOrder(t, world, { seats: 3 });
    await t.deps.database.db.transaction((tx) => refundTickets(tx, orderId, [tickets[2]!.id], t.clock.now()));
    const code = await signedCodeOf(t, buyer, tickets[0]!.id);
    const stillValid = await signedCodeOf(t, buyer, tickets[1]!.id);
    const at = await openDoors(t, tickets[0]!.id);
    const staff = await gate();
    const admitted = await t.app.inject({
      method: 'POST',
      url: '/api/merchant/check-ins',
      headers: staff.headers,
      payload: { code, gate: 'A' },
    });
    expect(admitted.json().result).toBe('admitted');

    const manifest = await t.app.inject({
      method: 'GET',
      url: `/api/merchant/sessions/${sessionId}/manifest`,
      headers: staff.headers,
    });
    expect(manifest.statusCode, manifest.body).toBe(200);
    const body = manifest.json();
    expect(body).toMatchObject({ sessionId, venueId: world.venueId, generatedAt: at.toISOString() });
    expect(body.publicKey.pem).toContain('BEGIN PUBLIC KEY');
    expect(body.valid.map((ticket: { id: string }) => ticket.id)).toEqual([tickets[1]!.id]);
    expect(body.valid[0]).toMatchObject({ entriesLeft: 1, code: stillValid });
    expect(body.used).toEqual([
      { id: tickets[0]!.id, counterCode: expect.any(String), usedAt: at.toISOString(), gate: 'A' },
    ]);
    expect(body.revoked.map((ticket: { id: string }) => ticket.id)).toEqual([tickets[2]!.id]);
  });

  it("answers 404 for another merchant's session and 403 without merchant.checkin", async () => {
    t.clock.set(TEST_START);
    const other = await createTicketWorld(t);
    const { sessionId } = await createTicketedOrder(t, world);
    const theirs = await t.app.inject({
      method: 'GET',
      url: `/api/merchant/sessions/${sessionId}/manifest`,
      headers: (await other.gate()).headers,
    });
    expect(theirs.statusCode).toBe(404);
    const sales = await createActor(t, 'merchant', {
      merchantId: world.merchant.merchantId,
      permissions: ['merchant.sales.read'],
    });
    const refused = await t.app.inject({
      method: 'GET',
      url: `/api/merchant/sessions/${sessionId}/manifest`,
      headers: sales.headers,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
  });
});

describe('POST /api/merchant/check-ins/offline', () => {
  it('settles duplicates: the earliest scan of a ticket wins, the rest are already-used, per scan', async () => {
    t.clock.set(TEST_START);
    const { tickets, buyer, orderId } = await createTicketedOrder(t, world, { seats: 2 });
    const [first, second] = [
      await signedCodeOf(t, buyer, tickets[0]!.id),
      await signedCodeOf(t, buyer, tickets[1]!.id),
    ];
    const opened = await openDoors(t, tickets[0]!.id);
    t.clock.advance(20 * 60_000);
    const answer = await upload({
      scans: [
        { code: first, gate: 'East', scannedAt: minutes(opened, 9) },
        { code: first, gate: 'West', scannedAt: minutes(opened, 2) },
        { code: 'garbage', gate: 'West', scannedAt: minutes(opened, 3) },
        { code: second, gate: 'East', scannedAt: minutes(opened, 5) },
        { code: first, gate: 'East', scannedAt: minutes(opened, 4) },
      ],
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const results = answer.json().results;
    expect(results.map((r: { index: number; result: string }) => [r.index, r.result])).toEqual([
      [0, 'already-used'],
      [1, 'admitted'],
      [2, 'invalid'],
      [3, 'admitted'],
      [4, 'already-used'],
    ]);
    expect(results[1]).toMatchObject({ usedAt: minutes(opened, 2), gate: 'West' });
    expect(results[0]).toMatchObject({ usedAt: minutes(opened, 2), gate: 'West' });
    expect((await ticketsOfOrder(t, orderId)).map((ticket) => ticket.status)).toEqual(['used', 'used']);
    expect(await scansOf(t, tickets[0]!.id)).toEqual([
      { result: 'admitted', gate: 'West', source: 'offline' },
      { result: 'already-used', gate: 'East', source: 'offline' },
      { result: 'already-used', gate: 'East', source: 'offline' },
    ]);

    const online = await t.app.inject({
      method: 'POST',
      url: '/api/merchant/check-ins',
      headers: (await gate()).headers,
      payload: { code: first },
    });
    expect(online.json()).toMatchObject({ result: 'already-used', usedAt: minutes(opened, 2), gate: 'West' });
  });

  it('admits a ticket once when three scanners upload it and the door scans it at the same time', async () => {
    t.clock.set(TEST_START);
    const { tickets, buyer } = await createTicketedOrder(t, world, { seats: 2 });
    const codes = [await signedCodeOf(t, buyer, tickets[0]!.id), await signedCodeOf(t, buyer, tickets[1]!.id)];
    const opened = await openDoors(t, tickets[0]!.id);
    const staff = await gate();
    // Each upload names both tickets, in opposite orders, so a careless lock order would deadlock.
    const uploads = [0, 1, 2].map((n) =>
      upload(
        {
          scans: (n % 2 === 0 ? [0, 1] : [1, 0]).map((i) => ({ code: codes[i], gate: `Scanner ${n}`, scannedAt: minutes(opened, -n) })),
        },
        staff,
      ),
    );
    const door = t.app.inject({ method: 'POST', url: '/api/merchant/check-ins', headers: staff.headers, payload: { code: codes[0] } });
    const answers = await Promise.all([...uploads, door]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
    const results = [
      ...answers.slice(0, 3).flatMap((answer) => answer.json().results.map((r: { result: string }) => r.result)),
      answers[3]!.json().result,
    ];
    expect(results.filter((result) => result === 'admitted')).toHaveLength(2);
    expect(results.filter((result) => result === 'already-used')).toHaveLength(5);
    for (const ticket of tickets) {
      expect((await scansOf(t, ticket.id)).filter((scan) => scan.result === 'admitted')).toHaveLength(1);
    }
  });

  it('does not admit a ticket already used online, nor one scanned outside its window or refunded', async () => {
    t.clock.set(TEST_START);
    const { tickets, buyer, orderId } = await createTicketedOrder(t, world, { seats: 3 });
    const codes = [];
    for (const ticket of tickets) codes.push(await signedCodeOf(t, buyer, ticket.id));
    await t.deps.database.db.transaction((tx) => refundTickets(tx, orderId, [tickets[2]!.id], t.clock.now()));
    const opened = await openDoors(t, tickets[0]!.id);
    const staff = await gate();
    await t.app.inject({ method: 'POST', url: '/api/merchant/check-ins', headers: staff.headers, payload: { code: codes[0] } });
    const answer = await upload(
      {
        scans: [
          { code: codes[0], scannedAt: minutes(opened, -10) },
          { code: codes[1], scannedAt: minutes(opened, -24 * 60) },
          { code: codes[2], scannedAt: minutes(opened, 1) },
        ],
      },
      staff,
    );
    expect(answer.json().results.map((r: { result: string }) => r.result)).toEqual(['already-used', 'not-today', 'refunded']);
  });

  it('answers 400 to bad uploads and 401 to a customer token', async () => {
    t.clock.set(TEST_START);
    const staff = await gate();
    for (const body of [
      {},
      { scans: [] },
      { scans: [{ code: 'x' }] },
      { scans: [{ code: 'x', scannedAt: 'yesterday' }] },
      { scans: [{ code: 'x', scannedAt: '2026-12-01T10:00:00Z', extra: true }] },
      { scans: 'all of them' },
    ]) {
      const answer = await upload(body, staff);
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.json().error.code).toBe('VALIDATION_FAILED');
    }
    const buyer = (await createTicketedOrder(t, world)).buyer;
    const refused = await upload({ scans: [{ code: 'x', scannedAt: '2026-12-01T10:00:00Z' }] }, buyer);
    expect(refused.statusCode).toBe(401);
  });
});
