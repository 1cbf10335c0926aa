import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { createSeatedSession, customer, holdOrder } from '../support/orders.js';
import { createPaymentsTestApp, payThroughSandbox } from '../support/payments.js';
import type { SchedulingWorld } from '../support/scheduling.js';
import { checkIn, createTicketWorld, getTicket, openDoors, TEST_START } from '../support/tickets.js';
import type { TestActor } from '../support/actors.js';

let t: TestApp;
let world: SchedulingWorld;
let gate: () => Promise<TestActor>;

beforeAll(async () => {
  t = await createPaymentsTestApp();
  ({ world, gate } = await createTicketWorld(t));
});
afterAll(() => t.close());

describe('from payment to the door', () => {
  it('pays through the sandbox, shows the tickets, refunds one, and admits the other once at the door', async () => {
    t.clock.set(TEST_START);
    const buyer = await customer(t);
    const session = await createSeatedSession(t, world);
    const seats = [session.at(2, 1).id, session.at(2, 2).id];
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats });
    await payThroughSandbox(t, buyer, order.id);

    const listed = await t.app.inject({ method: 'GET', url: `/api/tickets?orderId=${order.id}`, headers: buyer.headers });
    expect(listed.statusCode, listed.body).toBe(200);
    const tickets: { id: string; status: string }[] = listed.json().items;
    expect(tickets).toHaveLength(2);
    expect(tickets.every((ticket) => ticket.status === 'valid')).toBe(true);
    const orderView = await t.app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: buyer.headers });
    expect(orderView.json().tickets.map((ticket: { id: string }) => ticket.id).sort()).toEqual(
      tickets.map((ticket) => ticket.id).sort(),
    );
    const [kept, returned] = [await getTicket(t, buyer, tickets[0]!.id), await getTicket(t, buyer, tickets[1]!.id)];

    const refund = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${order.id}/refunds`,
      headers: buyer.headers,
      payload: { ticketIds: [returned.id] },
    });
    expect(refund.statusCode, refund.body).toBe(201);

    await openDoors(t, kept.id);
    const staff = await gate();
    expect((await checkIn(t, staff, { code: returned.code })).json().result).toBe('refunded');
    expect((await checkIn(t, staff, { code: kept.code, gate: 'Hall 1' })).json()).toMatchObject({
      result: 'admitted',
      gate: 'Hall 1',
      ticket: { id: kept.id, seatLabel: kept.seat.label },
    });
    expect((await checkIn(t, staff, { code: kept.code, gate: 'Hall 2' })).json()).toMatchObject({
      result: 'already-used',
      gate: 'Hall 1',
    });
  });
});
