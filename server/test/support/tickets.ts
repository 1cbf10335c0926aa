import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { ticketOrderFor } from '../../src/modules/orders/index.js';
import { issueTickets, type OrderToTicket } from '../../src/modules/tickets/index.js';
import { createActor, type TestActor } from './actors.js';
import type { TestApp } from './app.js';
import { customer, holdOrder, createSeatedSession, createTieredSession } from './orders.js';
import { createSchedulingWorld, type SchedulingWorld } from './scheduling.js';
import { signAs } from './venues.js';

/**
 * The order as the payments module hands it to `issueTickets`: read from the stored order and its
 * items, as the pay flow reads them in its transaction.
 */
export const orderToTicket = (t: TestApp, orderId: string): Promise<OrderToTicket> =>
  ticketOrderFor(t.deps.database.db, orderId);

/** Issues an order's tickets with the module's own service, in a transaction, as the pay flow does. */
export async function issueFor(t: TestApp, orderId: string): Promise<{ id: string; unitId: string }[]> {
  const order = await orderToTicket(t, orderId);
  return t.deps.database.db.transaction((tx) => issueTickets(tx, order, t.clock.now()));
}

export interface TicketedOrder {
  orderId: string;
  sessionId: string;
  buyer: TestActor;
  tickets: { id: string; unitId: string }[];
}

/**
 * A customer's order of `seats` seats of a new seated session (or `places` of a tiered one) with its
 * tickets issued. The order itself stays pending until the payments module pays it; the tickets are
 * the real ones its pay flow issues.
 */
export async function createTicketedOrder(
  t: TestApp,
  world: SchedulingWorld,
  options: { seats?: number; tiered?: boolean; buyer?: TestActor } = {},
): Promise<TicketedOrder> {
  const buyer = options.buyer ?? (await customer(t));
  let order: { id: string };
  let sessionId: string;
  if (options.tiered) {
    const session = await createTieredSession(t, world);
    sessionId = session.id;
    order = await holdOrder(t, buyer, {
      sessionId,
      tiers: [{ tierId: session.tiers[0]!.id, quantity: options.seats ?? 1 }],
    });
  } else {
    const session = await createSeatedSession(t, world);
    sessionId = session.id;
    const seats = [1, 2, 3, 4].slice(0, options.seats ?? 1).map((col) => session.at(2, col).id);
    order = await holdOrder(t, buyer, { sessionId, seats });
  }
  const tickets = await issueFor(t, order.id);
  return { orderId: order.id, sessionId, buyer, tickets };
}

/** When every test app's clock starts (see createTestApp); tokens and sales are made at this time. */
export const TEST_START = new Date('2026-11-20T08:00:00Z');

/**
 * A world with its gate staff (only merchant.checkin, like the merchant-gate role). Access tokens live
 * 15 minutes and check-in tests move the clock to the day of the session, so `gate()` signs the staff
 * member a fresh token at the clock's current time.
 */
export async function createTicketWorld(t: TestApp): Promise<{ world: SchedulingWorld; gate: () => Promise<TestActor> }> {
  const world = await createSchedulingWorld(t);
  const staff = await createActor(t, 'merchant', { merchantId: world.merchant.merchantId, permissions: [] });
  const gate = () =>
    signAs(t, staff, 'merchant', { merchantId: world.merchant.merchantId, permissions: ['merchant.checkin'] });
  return { world, gate };
}

export interface StoredTicket {
  id: string;
  status: string;
  entries_used: number;
  code: string;
}

export async function ticketsOfOrder(t: TestApp, orderId: string): Promise<StoredTicket[]> {
  return queryRows<StoredTicket>(
    t.deps.database.db,
    sql`select id, status, entries_used, code from ticket where order_id = ${orderId} order by position`,
  );
}

export async function scansOf(t: TestApp, ticketId: string): Promise<{ result: string; gate: string | null; source: string }[]> {
  return queryRows(
    t.deps.database.db,
    sql`select result, gate, source from ticket_scan where ticket_id = ${ticketId} order by scanned_at, recorded_at`,
  );
}

export async function getTicket(t: TestApp, actor: TestActor, ticketId: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/tickets/${ticketId}`, headers: actor.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

export const checkIn = (t: TestApp, actor: TestActor, body: object) =>
  t.app.inject({ method: 'POST', url: '/api/merchant/check-ins', headers: actor.headers, payload: body });

/** Moves the app's clock to half an hour before the ticket's session starts: the doors are open. */
export async function openDoors(t: TestApp, ticketId: string): Promise<Date> {
  const [row] = await queryRows<{ starts_at: Date | string }>(
    t.deps.database.db,
    sql`select starts_at from ticket where id = ${ticketId}`,
  );
  if (!row) throw new Error(`no ticket ${ticketId}`);
  const at = new Date(new Date(row.starts_at).getTime() - 30 * 60_000);
  t.clock.set(at);
  return at;
}

/** The signed QR payload of a ticket, as its owner's ticket page shows it. */
export async function signedCodeOf(t: TestApp, owner: TestActor, ticketId: string): Promise<string> {
  return (await getTicket(t, owner, ticketId)).code;
}
