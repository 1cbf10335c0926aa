import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTicketCode } from '../../src/modules/tickets/signing.js';
import { createActor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTieredSession, customer, holdOrder } from '../support/orders.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';
import { createTicketedOrder, getTicket, issueFor } from '../support/tickets.js';
import { createTestVisitor, idCardNumber } from '../support/visitors.js';

let t: TestApp;
let world: SchedulingWorld;

beforeAll(async () => {
  t = await createTestApp();
  world = await createSchedulingWorld(t);
});
afterAll(() => t.close());

describe('GET /api/tickets', () => {
  it("lists the customer's own tickets, newest first, paged and by order", async () => {
    const buyer = await customer(t);
    const first = await createTicketedOrder(t, world, { buyer, seats: 2 });
    t.clock.advance(60_000);
    const second = await createTicketedOrder(t, world, { buyer, seats: 1 });
    await createTicketedOrder(t, world);

    const all = await t.app.inject({ method: 'GET', url: '/api/tickets?pageSize=2', headers: buyer.headers });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(all.json().items.map((ticket: { id: string }) => ticket.id)).toEqual([
      second.tickets[0]!.id,
      first.tickets[0]!.id,
    ]);

    const one = await t.app.inject({ method: 'GET', url: `/api/tickets?orderId=${first.orderId}`, headers: buyer.headers });
    expect(one.json().items.map((ticket: { id: string }) => ticket.id)).toEqual(first.tickets.map((ticket) => ticket.id));
    expect(one.json().items[0]).toMatchObject({
      orderId: first.orderId,
      status: 'valid',
      type: 'adult',
      price: { amount: 4500, currency: 'CNY' },
      seat: { label: expect.any(String) },
      session: { id: first.sessionId, venueId: world.venueId, timezone: 'Asia/Shanghai' },
      entriesAllowed: 1,
      entriesUsed: 0,
    });
  });

  it('answers 400 for a bad filter and 401 without a customer token', async () => {
    const buyer = await customer(t);
    const bad = await t.app.inject({ method: 'GET', url: '/api/tickets?orderId=nope', headers: buyer.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect((await t.app.inject({ method: 'GET', url: '/api/tickets' })).statusCode).toBe(401);
    const merchant = await createActor(t, 'merchant', { merchantId: world.merchant.merchantId });
    expect((await t.app.inject({ method: 'GET', url: '/api/tickets', headers: merchant.headers })).statusCode).toBe(401);
  });
});

describe('GET /api/tickets/{id}', () => {
  it('shows the ticket with a code that verifies against the published public key, and its QR', async () => {
    const { buyer, tickets, sessionId } = await createTicketedOrder(t, world);
    const ticket = await getTicket(t, buyer, tickets[0]!.id);
    expect(ticket).toMatchObject({ id: tickets[0]!.id, status: 'valid', session: { id: sessionId } });
    expect(ticket.counterCode).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect(ticket.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const key = await t.app.inject({ method: 'GET', url: '/api/tickets/public-key' });
    expect(key.statusCode, key.body).toBe(200);
    const publicKey = createPublicKey(key.json().pem);
    const payload = verifyTicketCode(ticket.code, publicKey);
    expect(payload).toMatchObject({ ticketId: ticket.id, sessionId, seatLabel: ticket.seat.label, tierId: null });
    expect(payload!.validFrom.toISOString()).toBe(new Date(ticket.validFrom).toISOString());
    const raw = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.json().raw }, format: 'jwk' });
    expect(verifyTicketCode(ticket.code, raw)).toEqual(payload);
  });

  it('names the real-name holder with the masked ID number, never the clear one', async () => {
    const buyer = await customer(t);
    const idNumber = idCardNumber({ sequence: 311 });
    const visitor = await createTestVisitor(t, buyer, { name: '王五', idNumber });
    const session = await createTieredSession(t, world, { policy: { realName: true } });
    const order = await holdOrder(t, buyer, {
      sessionId: session.id,
      tiers: [{ tierId: session.tiers[1]!.id, quantity: 1 }],
      visitorIds: [visitor.id],
    });
    const [issued] = await issueFor(t, order.id);
    const response = await t.app.inject({ method: 'GET', url: `/api/tickets/${issued!.id}`, headers: buyer.headers });
    expect(response.json().holder).toEqual({ visitorId: visitor.id, name: '王五', idNumber: visitor.idNumber });
    expect(response.json().tierId).toBe(session.tiers[1]!.id);
    expect(response.body).not.toContain(idNumber);
  });

  it("answers 404 for another customer's ticket and for one that does not exist", async () => {
    const { tickets } = await createTicketedOrder(t, world);
    const stranger = await customer(t);
    const theirs = await t.app.inject({ method: 'GET', url: `/api/tickets/${tickets[0]!.id}`, headers: stranger.headers });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().error.code).toBe('NOT_FOUND');
    const none = await t.app.inject({
      method: 'GET',
      url: '/api/tickets/00000000-0000-4000-8000-000000000000',
      headers: stranger.headers,
    });
    expect(none.statusCode).toBe(404);
    const list = await t.app.inject({ method: 'GET', url: '/api/tickets', headers: stranger.headers });
    expect(list.json().total).toBe(0);
  });
});

describe('the OpenAPI spec', () => {
  it('documents every tickets and check-in route', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(spec.paths['/api/tickets'])).toContain('get');
    expect(Object.keys(spec.paths['/api/tickets/{id}'])).toContain('get');
    expect(Object.keys(spec.paths['/api/tickets/public-key'])).toContain('get');
    expect(Object.keys(spec.paths['/api/merchant/check-ins'])).toContain('post');
    expect(Object.keys(spec.paths['/api/merchant/check-ins/offline'])).toContain('post');
    expect(Object.keys(spec.paths['/api/merchant/sessions/{id}/manifest'])).toContain('get');
  });
});
