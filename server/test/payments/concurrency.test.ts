import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import type { TestApp } from '../support/app.js';
import { createSeatedSession, customers, expectSound, holdOrder, inventoryReport, postOrder, sweep } from '../support/orders.js';
import { createPaymentsTestApp, deliverNotifications, openPayment, refundsOfPayment, submitSandbox } from '../support/payments.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';

describe('late payments racing the sweeper and new buyers', () => {
  let t: TestApp;
  let world: SchedulingWorld;

  beforeAll(async () => {
    t = await createPaymentsTestApp();
    world = await createSchedulingWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('either applies a late payment with its places and tickets or refunds it in full; no place is sold twice', async () => {
    const session = await createSeatedSession(t, world);
    // Four buyers, one seat pair each (rows 2 and 3 hold the pairs without leaving a seat alone).
    const pairs = [
      [session.at(2, 1).id, session.at(2, 2).id],
      [session.at(2, 3).id, session.at(2, 4).id],
      [session.at(1, 1).id, session.at(1, 2).id],
      [session.at(1, 3).id, session.at(1, 4).id],
    ];
    const buyers = await customers(t, pairs.length);
    const rivals = await customers(t, pairs.length);
    const orders = await Promise.all(pairs.map((seats, index) => holdOrder(t, buyers[index]!, { sessionId: session.id, seats })));
    const payments = [];
    for (const [index, order] of orders.entries()) {
      const { paymentId } = await openPayment(t, buyers[index]!, order.id);
      await submitSandbox(t, paymentId, 'pay');
      payments.push(paymentId);
    }
    t.clock.advance(16 * 60_000);

    // The sweeper, the notifications and rivals holding the same seats, all at once.
    const [, , ...rivalHolds] = await Promise.all([
      sweep(t),
      deliverNotifications(t),
      ...pairs.map((seats, index) => postOrder(t, rivals[index]!, { sessionId: session.id, seats })),
    ]);

    const db = t.deps.database.db;
    for (const [index, order] of orders.entries()) {
      const [stored] = await queryRows<{ status: string; tickets: number; sold: number }>(
        db,
        sql`select o.status,
              (select count(*) from ticket k where k.order_id = o.id and k.status = 'valid')::int as tickets,
              (select count(*) from inventory_unit u where u.order_id = o.id and u.state = 'sold')::int as sold
            from customer_order o where o.id = ${order.id}`,
      );
      const refunds = await refundsOfPayment(t, payments[index]!);
      if (stored!.status === 'paid') {
        expect([stored!.tickets, stored!.sold, refunds.length]).toEqual([2, 2, 0]);
        expect(rivalHolds[index]!.statusCode).toBe(409);
      } else {
        expect(stored!.status).toBe('expired');
        expect([stored!.tickets, stored!.sold]).toEqual([0, 0]);
        expect(refunds).toEqual([expect.objectContaining({ amount: order.total.amount, initiated_by: 'system' })]);
        expect(rivalHolds[index]!.statusCode).toBe(201);
      }
    }
    expectSound(await inventoryReport(t, session.id));
    const [{ twice }] = (await queryRows<{ twice: number }>(
      db,
      sql`select count(*)::int as twice from (
            select unit_id from ticket where session_id = ${session.id} and status = 'valid'
            group by unit_id having count(*) > 1) as doubled`,
    )) as [{ twice: number }];
    expect(twice).toBe(0);
  });
});
