import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestProduction } from '../support/catalog.js';
import { createTestProduct, passCounts, postProduct, productsUrl } from '../support/passes.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';
import { createApprovedMerchant, signAs } from '../support/venues.js';

describe('pass products: /api/merchant/venues/{id}/pass-products', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let other: SchedulingWorld;

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' });
    world = await createSchedulingWorld(t);
    other = await createSchedulingWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, headers = world.owner.headers) => t.app.inject({ method: 'GET', url, headers });
  const patch = (url: string, payload: object, headers = world.owner.headers) =>
    t.app.inject({ method: 'PATCH', url, headers, payload });

  it('creates, reads, lists and changes a venue’s products, with the defaults', async () => {
    const created = await postProduct(t, world.owner, world.venueId, {
      name: '  博物馆年卡 ',
      price: 19900,
      validityDays: 365,
    });
    expect(created.statusCode, created.body).toBe(201);
    const product = created.json();
    expect(product).toEqual({
      id: expect.any(String),
      venueId: world.venueId,
      name: '博物馆年卡',
      price: { amount: 19900, currency: 'CNY' },
      validityDays: 365,
      entriesPerDay: 1,
      totalEntries: null,
      productionId: null,
      onSale: false,
      createdAt: t.clock.now().toISOString(),
      updatedAt: t.clock.now().toISOString(),
    });

    const url = `${productsUrl(world.venueId)}/${product.id}`;
    expect((await get(url)).json()).toEqual(product);

    t.clock.advance(60_000);
    const changed = await patch(url, {
      price: 29900,
      totalEntries: 50,
      entriesPerDay: 2,
      productionId: world.exhibition.id,
      onSale: true,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({
      ...product,
      price: { amount: 29900, currency: 'CNY' },
      totalEntries: 50,
      entriesPerDay: 2,
      productionId: world.exhibition.id,
      onSale: true,
      updatedAt: t.clock.now().toISOString(),
    });
    const cleared = await patch(url, { totalEntries: null, productionId: null });
    expect(cleared.json()).toMatchObject({ totalEntries: null, productionId: null, price: { amount: 29900 } });

    const list = await get(`${productsUrl(world.venueId)}?pageSize=100`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ page: 1, pageSize: 100 });
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(product.id);
  });

  it('answers 404 for another merchant’s venue or product, and for another merchant’s production', async () => {
    const mine = await createTestProduct(t, world);
    const before = await passCounts(t);
    const body = { name: '年卡', price: 100, validityDays: 30 };
    const refused = [
      await postProduct(t, other.owner, world.venueId, body),
      await get(productsUrl(world.venueId), other.owner.headers),
      await get(`${productsUrl(world.venueId)}/${mine.id}`, other.owner.headers),
      await patch(`${productsUrl(world.venueId)}/${mine.id}`, { price: 1 }, other.owner.headers),
      // The product exists, but under another venue.
      await get(`${productsUrl(other.venueId)}/${mine.id}`, other.owner.headers),
      await postProduct(t, world.owner, randomUUID(), body),
      await postProduct(t, world.owner, world.venueId, { ...body, productionId: other.exhibition.id }),
      await postProduct(t, world.owner, world.venueId, { ...body, productionId: randomUUID() }),
      await patch(`${productsUrl(world.venueId)}/${randomUUID()}`, { price: 1 }),
    ];
    for (const response of refused) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect(await passCounts(t)).toEqual(before);
    expect((await get(`${productsUrl(world.venueId)}/${mine.id}`)).json().price.amount).toBe(19900);
  });

  it('needs merchant.sessions.manage, a merchant token and an approved merchant', async () => {
    const body = { name: '年卡', price: 100, validityDays: 30 };
    const gate = await signAs(t, world.owner, 'merchant', {
      merchantId: world.merchant.merchantId,
      permissions: ['merchant.checkin'],
    });
    const forbidden = await postProduct(t, gate, world.venueId, body);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('FORBIDDEN');
    const applicant = await createActor(t, 'merchant', { permissions: [] });
    expect((await postProduct(t, applicant, world.venueId, body)).json().error.code).toBe('MERCHANT_NOT_APPROVED');
    const shopper = await createActor(t, 'customer');
    expect((await postProduct(t, shopper, world.venueId, body)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: productsUrl(world.venueId) })).statusCode).toBe(401);
  });

  it('refuses bad bodies with 400 (or 422 for an unknown currency), writing nothing', async () => {
    const mine = await createTestProduct(t, world);
    const before = await passCounts(t);
    const valid = { name: '年卡', price: 100, validityDays: 30 };
    const cases: [object, number, string][] = [
      [{ ...valid, price: '100' }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, price: -1 }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, price: 1.5 }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, validityDays: 0 }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, entriesPerDay: 0 }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, totalEntries: 0 }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, name: '   ' }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, currency: 'cny' }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, productionId: 'exhibition' }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, onSale: 'yes' }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, venueId: world.venueId }, 400, 'VALIDATION_FAILED'],
      [{ name: '年卡', price: 100 }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, currency: 'XYZ' }, 422, 'UNKNOWN_CURRENCY'],
    ];
    for (const [body, status, code] of cases) {
      const response = await postProduct(t, world.owner, world.venueId, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json().error.code, JSON.stringify(body)).toBe(code);
    }
    const url = `${productsUrl(world.venueId)}/${mine.id}`;
    for (const body of [{}, { price: '1' }, { validityDays: null }, { id: randomUUID() }]) {
      const response = await patch(url, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await get(`${productsUrl(world.venueId)}/not-a-uuid`)).statusCode).toBe(400);
    expect(await passCounts(t)).toEqual(before);
    expect((await get(url)).json()).toEqual(mine);
  });

  it('shows customers only the products on sale at an approved venue', async () => {
    const merchant = await createApprovedMerchant(t);
    const venueWorld = { ...world, owner: merchant.owner, venueId: merchant.venueId };
    const onSale = await createTestProduct(t, venueWorld, { name: '年卡' });
    const draft = await createTestProduct(t, venueWorld, { name: '季卡', onSale: false });
    const response = await t.app.inject({ method: 'GET', url: `/api/venues/${merchant.venueId}/pass-products` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ items: [onSale], total: 1, page: 1, pageSize: 20 });
    expect(response.json().items.map((item: { id: string }) => item.id)).not.toContain(draft.id);

    // A venue still waiting for approval shows nothing, like a missing one.
    const added = await t.app.inject({
      method: 'POST',
      url: '/api/merchant/venues',
      headers: merchant.owner.headers,
      payload: { name: '新馆', kind: 'museum', cityCode: '310100', address: '浦东新区 1 号', timezone: 'Asia/Shanghai' },
    });
    expect(added.statusCode, added.body).toBe(201);
    const pendingVenue = added.json().id as string;
    await createTestProduct(t, { ...venueWorld, venueId: pendingVenue });
    for (const venueId of [pendingVenue, randomUUID()]) {
      const missing = await t.app.inject({ method: 'GET', url: `/api/venues/${venueId}/pass-products` });
      expect(missing.statusCode, missing.body).toBe(404);
    }
  });

  it('documents every pass endpoint in the OpenAPI spec', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const methods = (path: string) => Object.keys(spec.paths[path] ?? {});
    expect(methods('/api/merchant/venues/{id}/pass-products')).toEqual(expect.arrayContaining(['get', 'post']));
    expect(methods('/api/merchant/venues/{id}/pass-products/{productId}')).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(methods('/api/venues/{id}/pass-products')).toEqual(['get']);
    expect(methods('/api/passes')).toEqual(['post']);
    expect(methods('/api/passes/{id}/payments')).toEqual(['post']);
    expect(methods('/api/passes/{id}/cancel')).toEqual(['post']);
    expect(methods('/api/me/passes')).toEqual(['get']);
    expect(methods('/api/me/passes/{id}')).toEqual(['get']);
  });

  it('admits a platform movie or the merchant’s own production, not another merchant’s show', async () => {
    const ownShow = await createTestProduct(t, world, { productionId: world.show.id });
    expect(ownShow.productionId).toBe(world.show.id);
    const movie = await createTestProduction(t, { kind: 'movie', status: 'published' });
    expect((await createTestProduct(t, world, { productionId: movie.id })).productionId).toBe(movie.id);
    const refused = await postProduct(t, world.owner, world.venueId, {
      name: '年卡',
      price: 1,
      validityDays: 1,
      productionId: other.show.id,
    });
    expect(refused.statusCode).toBe(404);
  });
});
