import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import type { TestActor } from './actors.js';
import type { TestApp } from './app.js';
import { deliverNotifications, submitSandbox } from './payments.js';
import type { SchedulingWorld } from './scheduling.js';

export interface TestProduct {
  id: string;
  venueId: string;
  name: string;
  price: { amount: number; currency: string };
  validityDays: number;
  entriesPerDay: number;
  totalEntries: number | null;
  productionId: string | null;
  onSale: boolean;
}

export const productsUrl = (venueId: string) => `/api/merchant/venues/${venueId}/pass-products`;

export const postProduct = (t: TestApp, actor: TestActor, venueId: string, body: unknown) =>
  t.app.inject({ method: 'POST', url: productsUrl(venueId), headers: actor.headers, payload: body as object });

/** A pass product of the world's venue made over HTTP: 365 days for 19900 CNY, on sale, unless told. */
export async function createTestProduct(
  t: TestApp,
  world: SchedulingWorld,
  overrides: Record<string, unknown> = {},
): Promise<TestProduct> {
  const response = await postProduct(t, world.owner, world.venueId, {
    name: '年卡',
    price: 19900,
    validityDays: 365,
    onSale: true,
    ...overrides,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export const postPass = (t: TestApp, actor: TestActor, body: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/passes', headers: { ...actor.headers, ...headers }, payload: body as object });

/** Buys a pass over HTTP that must be created pending, and answers it. */
export async function buyTestPass(t: TestApp, actor: TestActor, productId: string, visitorId: string) {
  const response = await postPass(t, actor, { productId, visitorId });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export const getMyPass = (t: TestApp, actor: TestActor, passId: string) =>
  t.app.inject({ method: 'GET', url: `/api/me/passes/${passId}`, headers: actor.headers });

export const startPassPayment = (t: TestApp, actor: TestActor, passId: string, provider = 'sandbox') =>
  t.app.inject({ method: 'POST', url: `/api/passes/${passId}/payments`, headers: actor.headers, payload: { provider } });

/**
 * Pays a pending pass the whole way through the payments module: a sandbox payment, Pay on its page,
 * and the sandbox's signed notification delivered to the notify endpoint. Answers the payment id.
 */
export async function payPass(t: TestApp, actor: TestActor, passId: string): Promise<string> {
  const started = await startPassPayment(t, actor, passId);
  expect(started.statusCode, started.body).toBe(201);
  const { paymentId } = started.json() as { paymentId: string };
  const pressed = await submitSandbox(t, paymentId, 'pay');
  expect(pressed.statusCode, pressed.body).toBe(200);
  expect(await deliverNotifications(t)).toBe(1);
  return paymentId;
}

/** A pass of the product bought for the visitor and paid: active from the clock's day. */
export async function activePass(t: TestApp, actor: TestActor, productId: string, visitorId: string) {
  const pass = await buyTestPass(t, actor, productId, visitorId);
  await payPass(t, actor, pass.id);
  const answer = await getMyPass(t, actor, pass.id);
  expect(answer.json().status, answer.body).toBe('active');
  return answer.json();
}

/** Timed-entry sessions of the world's exhibition for each day of `from`..`to`, opened as entry quotas. */
export async function openEntryDays(
  t: TestApp,
  world: SchedulingWorld,
  options: {
    from: string;
    to: string;
    productionId?: string;
    slots?: { label: string; startsAt: string; capacity: number }[];
    policy?: object;
  },
): Promise<EntrySession[]> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/merchant/venues/${world.venueId}/entry-quotas`,
    headers: world.owner.headers,
    payload: {
      productionId: options.productionId ?? world.exhibition.id,
      from: options.from,
      to: options.to,
      slots: options.slots ?? [{ label: 'morning', startsAt: '09:00', capacity: 20 }],
      ticketTypes: [{ type: 'adult', price: 6000 }],
      ...(options.policy ? { policy: options.policy } : {}),
    },
  });
  expect(response.statusCode, response.body).toBe(200);
  const sessions = response.json().sessions as { id: string; localDate: string; slotLabel: string }[];
  return Promise.all(
    sessions.map(async (session) => {
      const detail = await t.app.inject({ method: 'GET', url: `/api/sessions/${session.id}` });
      expect(detail.statusCode, detail.body).toBe(200);
      return { ...session, tierId: detail.json().tiers[0].id as string };
    }),
  );
}

export interface EntrySession {
  id: string;
  localDate: string;
  slotLabel: string;
  tierId: string;
}

/** The body of an order booking one place of an entry session with a pass. */
export const passOrderBody = (session: EntrySession, passId: string) => ({
  sessionId: session.id,
  tiers: [{ tierId: session.tierId, quantity: 1 }],
  passId,
});

/** Row counts of the passes tables, to show that a refused request wrote nothing. */
export async function passCounts(t: TestApp): Promise<{ products: number; passes: number; bookings: number; used: number }> {
  const [row] = await queryRows<{ products: number; passes: number; bookings: number; used: number }>(
    t.deps.database.db,
    sql`select (select count(*) from pass_product)::int as products,
               (select count(*) from pass)::int as passes,
               (select count(*) from pass_booking)::int as bookings,
               (select coalesce(sum(entries_used), 0) from pass)::int as used`,
  );
  return row!;
}
