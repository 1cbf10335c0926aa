import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTicketsOfOrder, issueTickets, refundTickets } from '../../src/modules/tickets/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';
import { createTicketedOrder, orderToTicket, ticketsOfOrder } from '../support/tickets.js';

let t: TestApp;
let world: SchedulingWorld;

beforeAll(async () => {
  t = await createTestApp();
  world = await createSchedulingWorld(t);
});
afterAll(() => t.close());

describe('issueTickets', () => {
  it('issues one ticket per unit with a counter code, and a second call issues nothing new', async () => {
    const { orderId, tickets } = await createTicketedOrder(t, world, { seats: 3 });
    expect(tickets).toHaveLength(3);
    expect(new Set(tickets.map((ticket) => ticket.unitId)).size).toBe(3);

    const order = await orderToTicket(t, orderId);
    const again = await t.deps.database.db.transaction((tx) => issueTickets(tx, order, t.clock.now()));
    expect(again).toEqual(tickets);
    const stored = await ticketsOfOrder(t, orderId);
    expect(stored).toHaveLength(3);
    for (const ticket of stored) {
      expect(ticket.status).toBe('valid');
      expect(ticket.code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    }
  });

  it('copies the session window and summarises the tickets for the order page', async () => {
    const { orderId, tickets } = await createTicketedOrder(t, world, { seats: 2 });
    const summaries = await findTicketsOfOrder(t.deps.database.db, orderId);
    expect(summaries.map((s) => s.id)).toEqual(tickets.map((ticket) => ticket.id));
    expect(summaries[0]).toMatchObject({ status: 'valid', type: 'adult', price: { amount: 4500, currency: 'CNY' } });
    expect(summaries[0]!.seatLabel).toBeTruthy();
  });

  it('issues tiered places with their tier and no seat', async () => {
    const { orderId } = await createTicketedOrder(t, world, { seats: 2, tiered: true });
    const summaries = await findTicketsOfOrder(t.deps.database.db, orderId);
    expect(summaries).toHaveLength(2);
    expect(summaries.every((s) => s.seatLabel === null && s.price.amount === 88000)).toBe(true);
  });
});

describe('one live ticket per place', () => {
  it('refuses a ticket for a place another order holds a live ticket for, and allows it once that one is refunded', async () => {
    const first = await createTicketedOrder(t, world);
    const second = await createTicketedOrder(t, world);
    const order = await orderToTicket(t, second.orderId);
    const stolen = { ...order, items: [{ ...order.items[0]!, unitId: first.tickets[0]!.unitId, position: 2 }] };
    const db = t.deps.database.db;
    const refused = await db.transaction((tx) => issueTickets(tx, stolen, t.clock.now())).catch((error: Error) => error);
    expect(String((refused as Error).cause ?? refused)).toContain('ticket_unit_live');
    expect(await ticketsOfOrder(t, second.orderId)).toHaveLength(1);

    await db.transaction((tx) => refundTickets(tx, first.orderId, null, t.clock.now()));
    const issued = await db.transaction((tx) => issueTickets(tx, stolen, t.clock.now()));
    expect(issued.map((ticket) => ticket.unitId)).toEqual([first.tickets[0]!.unitId]);
  });
});

describe('refundTickets', () => {
  it('refunds the valid tickets once and answers only those changed', async () => {
    const { orderId, tickets } = await createTicketedOrder(t, world, { seats: 3 });
    const db = t.deps.database.db;
    const first = await db.transaction((tx) => refundTickets(tx, orderId, [tickets[0]!.id], t.clock.now()));
    expect(first).toEqual([{ id: tickets[0]!.id, unitId: tickets[0]!.unitId, price: 4500 }]);
    const rest = await db.transaction((tx) => refundTickets(tx, orderId, null, t.clock.now()));
    expect(rest.map((r) => r.id).sort()).toEqual([tickets[1]!.id, tickets[2]!.id].sort());
    const again = await db.transaction((tx) => refundTickets(tx, orderId, null, t.clock.now()));
    expect(again).toEqual([]);
    expect((await ticketsOfOrder(t, orderId)).map((ticket) => ticket.status)).toEqual(['refunded', 'refunded', 'refunded']);
  });

  it('refuses a ticket of another order with NOT_FOUND and changes nothing', async () => {
    const mine = await createTicketedOrder(t, world);
    const other = await createTicketedOrder(t, world);
    const db = t.deps.database.db;
    await expect(
      db.transaction((tx) => refundTickets(tx, mine.orderId, [mine.tickets[0]!.id, other.tickets[0]!.id], t.clock.now())),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await ticketsOfOrder(t, mine.orderId))[0]!.status).toBe('valid');
  });
});
