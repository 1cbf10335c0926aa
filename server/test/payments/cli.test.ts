import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { runCli } from '../support/cli.js';
import { createSeatedSession, customer, expectSound, holdOrder, inventoryReport, unitsOf } from '../support/orders.js';
import { createPaymentsTestApp, payThroughSandbox, ticketsOf } from '../support/payments.js';
import { createSchedulingWorld } from '../support/scheduling.js';

/** Each run is a fresh process that opens the database and applies every migration: slow on a busy machine. */
describe('boxoffice refund-order and expire-orders', { timeout: 240_000 }, () => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    t = await createPaymentsTestApp();
    dataDir = mkdtempSync(join(tmpdir(), 'boxoffice-refund-cli-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // The command is a second process on the test app's database: PGlite lives inside one process.
  it.skipIf(!process.env.DATABASE_URL)('refunds a paid order as the platform: its tickets refunded, its seats on sale again', async () => {
    const world = await createSchedulingWorld(t);
    const buyer = await customer(t);
    const session = await createSeatedSession(t, world);
    const seats = [session.at(3, 1).id, session.at(3, 2).id];
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats });
    await payThroughSandbox(t, buyer, order.id);

    const run = await runCli(['refund-order', order.id, '--reason', 'show moved'], {
      DATA_DIR: dataDir,
      DATABASE_URL: t.config.databaseUrl!,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ amount: { amount: order.total.amount, currency: 'CNY' } });
    expect((await ticketsOf(t, order.id)).map((ticket) => ticket.status)).toEqual(['refunded', 'refunded']);
    const units = (await unitsOf(t, session.id)).filter((unit) => seats.includes(unit.id));
    expect(units.map((unit) => unit.state)).toEqual(['free', 'free']);
    expectSound(await inventoryReport(t, session.id));

    const again = await runCli(['refund-order', order.id], { DATA_DIR: dataDir, DATABASE_URL: t.config.databaseUrl! });
    expect(again.code).toBe(1);
  });

  // The test app's clock stands days before the real one, so its holds have passed for the command.
  it.skipIf(!process.env.DATABASE_URL)('expire-orders expires lapsed holds and frees their places', async () => {
    const world = await createSchedulingWorld(t);
    const buyer = await customer(t);
    const session = await createSeatedSession(t, world);
    const seats = [session.at(1, 1).id, session.at(1, 2).id];
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats });

    const run = await runCli(['expire-orders'], { DATA_DIR: dataDir, DATABASE_URL: t.config.databaseUrl! });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/orders expired: [1-9]\d*\n$/);
    const units = (await unitsOf(t, session.id)).filter((unit) => seats.includes(unit.id));
    expect(units.map((unit) => [unit.state, unit.order_id])).toEqual([['free', null], ['free', null]]);
    const read = await t.app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: buyer.headers });
    expect(read.json().status).toBe('expired');
    expectSound(await inventoryReport(t, session.id));
  });

  it('fails with a clear message for an order that does not exist', async () => {
    const run = await runCli(['refund-order', randomUUID()], {
      DATA_DIR: dataDir,
      ...(process.env.DATABASE_URL ? { DATABASE_URL: t.config.databaseUrl! } : {}),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not found/i);
  });
});
