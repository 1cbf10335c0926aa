import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, type TestActor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { customer } from '../support/orders.js';
import { buyTestPass, createTestProduct, getMyPass, passCounts, postPass, type TestProduct } from '../support/passes.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';
import { createTestVisitor, idCardNumber } from '../support/visitors.js';

describe('buying a pass: POST /api/passes, GET /api/me/passes', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let product: TestProduct;
  let buyer: TestActor;
  let stranger: TestActor;
  let visitor: { id: string; name: string; idNumber: string };

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' });
    world = await createSchedulingWorld(t);
    product = await createTestProduct(t, world, { totalEntries: 12, entriesPerDay: 2 });
    buyer = await customer(t);
    stranger = await customer(t);
    visitor = await createTestVisitor(t, buyer, { name: '李四', idNumber: idCardNumber({ sequence: 401 }) });
  });
  afterAll(async () => {
    await t.close();
  });

  const list = (actor: TestActor, query = '') =>
    t.app.inject({ method: 'GET', url: `/api/me/passes${query}`, headers: actor.headers });
  const cancel = (actor: TestActor, passId: string) =>
    t.app.inject({ method: 'POST', url: `/api/passes/${passId}/cancel`, headers: actor.headers });

  it('sells a pending pass bound to the customer’s own visitor, shown masked', async () => {
    const response = await postPass(t, buyer, { productId: product.id, visitorId: visitor.id });
    expect(response.statusCode, response.body).toBe(201);
    const pass = response.json();
    expect(pass).toEqual({
      id: expect.any(String),
      status: 'pending',
      product: { id: product.id, name: product.name, venueId: world.venueId, productionId: null },
      visitor: { id: visitor.id, name: '李四', idType: 'id-card', idNumber: visitor.idNumber },
      price: { amount: 19900, currency: 'CNY' },
      validityDays: 365,
      validFrom: null,
      validTo: null,
      entriesPerDay: 2,
      totalEntries: 12,
      entriesUsed: 0,
      entriesRemaining: 12,
      expiresAt: new Date(t.clock.now().getTime() + 30 * 60_000).toISOString(),
      paidAt: null,
      createdAt: t.clock.now().toISOString(),
    });
    expect(pass.visitor.idNumber).toMatch(/\*{4}/);
    expect(response.body).not.toContain(idCardNumber({ sequence: 401 }));

    const detail = await getMyPass(t, buyer, pass.id);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toEqual({ ...pass, bookings: [] });
    const mine = (await list(buyer)).json();
    expect(mine).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(mine.items).toEqual([pass]);
  });

  it('answers 404 for another customer’s visitor or pass, and for a product not on sale, writing nothing', async () => {
    const pass = await buyTestPass(t, buyer, product.id, visitor.id);
    const strangersVisitor = await createTestVisitor(t, stranger, { idNumber: idCardNumber({ sequence: 402 }) });
    const draft = await createTestProduct(t, world, { onSale: false });
    const before = await passCounts(t);
    const refused = [
      await postPass(t, buyer, { productId: product.id, visitorId: strangersVisitor.id }),
      await postPass(t, stranger, { productId: product.id, visitorId: visitor.id }),
      await postPass(t, buyer, { productId: draft.id, visitorId: visitor.id }),
      await postPass(t, buyer, { productId: randomUUID(), visitorId: visitor.id }),
      await getMyPass(t, stranger, pass.id),
      await getMyPass(t, buyer, randomUUID()),
      await cancel(stranger, pass.id),
    ];
    for (const response of refused) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect(refused[0]!.json().error.details).toEqual({ visitorIds: [strangersVisitor.id] });
    expect(await passCounts(t)).toEqual(before);
    expect((await list(stranger)).json()).toMatchObject({ items: [], total: 0 });
    expect((await getMyPass(t, buyer, pass.id)).json().status).toBe('pending');
  });

  it('refuses bad bodies with 400 and other portals with 401, writing nothing', async () => {
    const before = await passCounts(t);
    const bodies: unknown[] = [
      {},
      { productId: product.id },
      { visitorId: visitor.id },
      { productId: 'pass', visitorId: visitor.id },
      { productId: product.id, visitorId: 42 },
      { productId: product.id, visitorId: visitor.id, price: 1 },
      [product.id],
    ];
    for (const body of bodies) {
      const response = await postPass(t, buyer, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code, JSON.stringify(body)).toBe('VALIDATION_FAILED');
    }
    expect((await list(buyer, '?status=used')).statusCode).toBe(400);
    expect((await getMyPass(t, buyer, 'not-a-uuid')).statusCode).toBe(400);
    const merchant = await createActor(t, 'merchant');
    expect((await postPass(t, merchant, { productId: product.id, visitorId: visitor.id })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/me/passes' })).statusCode).toBe(401);
    expect(await passCounts(t)).toEqual(before);
  });

  it('keeps the terms it was bought with when the merchant changes the product', async () => {
    const pass = await buyTestPass(t, buyer, product.id, visitor.id);
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/merchant/venues/${world.venueId}/pass-products/${product.id}`,
      headers: world.owner.headers,
      payload: { price: 1, validityDays: 7, totalEntries: null },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await getMyPass(t, buyer, pass.id)).json()).toMatchObject({
      price: { amount: 19900 },
      validityDays: 365,
      totalEntries: 12,
    });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/merchant/venues/${world.venueId}/pass-products/${product.id}`,
      headers: world.owner.headers,
      payload: { price: 19900, validityDays: 365, totalEntries: 12 },
    });
  });

  it('cancels a pending pass once; an unpaid pass expires when its window ends', async () => {
    const cancelled = await buyTestPass(t, buyer, product.id, visitor.id);
    const response = await cancel(buyer, cancelled.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: cancelled.id, status: 'cancelled', bookings: [] });
    const again = await cancel(buyer, cancelled.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'PASS_NOT_PENDING', details: { status: 'cancelled' } });

    const lapsing = await buyTestPass(t, buyer, product.id, visitor.id);
    t.clock.advance(30 * 60_000 - 1);
    expect((await getMyPass(t, buyer, lapsing.id)).json().status).toBe('pending');
    t.clock.advance(1);
    expect((await getMyPass(t, buyer, lapsing.id)).json().status).toBe('expired');
    const late = await cancel(buyer, lapsing.id);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.details).toEqual({ status: 'expired' });

    const ids = (query: string) =>
      list(buyer, query).then((answer) => answer.json().items.map((item: { id: string }) => item.id));
    expect(await ids('?status=expired')).toContain(lapsing.id);
    expect(await ids('?status=cancelled')).toEqual([cancelled.id]);
    expect(await ids('?status=pending')).not.toContain(lapsing.id);
  });
});
