import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getVenueForScheduling } from '../../src/modules/venues/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createActor, type TestActor } from '../support/actors.js';
import { createApprovedMerchant, signAs, venueCounts, venueFields, type ApprovedMerchant } from '../support/venues.js';

describe('merchant venues', () => {
  let t: TestApp;
  let admin: TestActor;
  let merchant: ApprovedMerchant;
  let rival: ApprovedMerchant;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createActor(t, 'admin');
    merchant = await createApprovedMerchant(t);
    rival = await createApprovedMerchant(t, { venue: { name: 'Rival Cinema' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const addVenue = (body: unknown, actor: TestActor = merchant.owner) =>
    t.app.inject({ method: 'POST', url: '/api/merchant/venues', headers: actor.headers, payload: body as object });
  const patchVenue = (id: string, body: unknown, actor: TestActor = merchant.owner) =>
    t.app.inject({ method: 'PATCH', url: `/api/merchant/venues/${id}`, headers: actor.headers, payload: body as object });
  const getVenue = (id: string, actor: TestActor = merchant.owner) =>
    t.app.inject({ method: 'GET', url: `/api/merchant/venues/${id}`, headers: actor.headers });
  const adminReview = (id: string, action: 'approve' | 'reject', body?: object) =>
    t.app.inject({
      method: 'POST',
      url: `/api/admin/venues/${id}/${action}`,
      headers: admin.headers,
      ...(body ? { payload: body } : {}),
    });

  it('lists only its own venues, the approved first one included', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/merchant/venues', headers: merchant.owner.headers });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items.map((venue: { id: string }) => venue.id)).toContain(merchant.venueId);
    expect(body.items.every((venue: { merchantId: string }) => venue.merchantId === merchant.merchantId)).toBe(true);
    expect((await getVenue(merchant.venueId)).json()).toMatchObject({ id: merchant.venueId, status: 'approved' });
  });

  it('adds a venue that waits for review, with every detail', async () => {
    const response = await addVenue(
      venueFields({
        name: '国家博物馆',
        kind: 'museum',
        cityCode: '110100',
        address: '东长安街 16 号',
        latitude: 39.9042,
        longitude: 116.4074,
        phone: '+86 10 65116400',
        cleaningBufferMinutes: 0,
      }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      merchantId: merchant.merchantId,
      name: '国家博物馆',
      kind: 'museum',
      cityCode: '110100',
      latitude: 39.9042,
      longitude: 116.4074,
      phone: '+86 10 65116400',
      cleaningBufferMinutes: 0,
      status: 'pending',
    });
    const pending = await t.app.inject({
      method: 'GET',
      url: '/api/merchant/venues?status=pending',
      headers: merchant.owner.headers,
    });
    expect(pending.json().items.map((venue: { id: string }) => venue.id)).toEqual([response.json().id]);
  });

  it('changes details, keeps the rest, and takes null to clear optional ones', async () => {
    const created = (await addVenue(venueFields({ latitude: 31, longitude: 121, phone: '021-1234567' }))).json();
    t.clock.advance(1_000);
    const response = await patchVenue(created.id, {
      name: '和平影城 (旗舰店)',
      timezone: 'asia/shanghai',
      cleaningBufferMinutes: 30,
      phone: null,
      latitude: 31.5,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      name: '和平影城 (旗舰店)',
      timezone: 'Asia/Shanghai',
      cleaningBufferMinutes: 30,
      phone: null,
      latitude: 31.5,
      longitude: 121,
      address: created.address,
      status: 'pending',
      createdAt: created.createdAt,
    });
    expect(body.updatedAt).not.toBe(created.updatedAt);
  });

  it.each([
    ['an empty body', {}],
    ['an unknown field', { seats: 3 }],
    ['a field not editable here', { cityCode: '110100' }],
    ['a negative buffer', { cleaningBufferMinutes: -5 }],
    ['a buffer as text', { cleaningBufferMinutes: '15' }],
  ])('answers a patch with %s with 400 and changes nothing', async (_what, body) => {
    const before = (await getVenue(merchant.venueId)).json();
    const response = await patchVenue(merchant.venueId, body);
    expect(response.statusCode).toBe(400);
    expect((await getVenue(merchant.venueId)).json()).toEqual(before);
  });

  it('refuses a bad time zone or city with 422', async () => {
    const zone = await patchVenue(merchant.venueId, { timezone: 'Moon/Base' });
    expect(zone.statusCode).toBe(422);
    expect(zone.json().error.code).toBe('INVALID_TIMEZONE');
    const before = await venueCounts(t);
    const city = await addVenue(venueFields({ cityCode: '990100' }));
    expect(city.json().error.code).toBe('UNKNOWN_CITY');
    expect(await venueCounts(t)).toEqual(before);
  });

  it("answers another merchant's venue with 404 and leaves it alone", async () => {
    const before = (await getVenue(rival.venueId, rival.owner)).json();
    expect((await getVenue(rival.venueId)).statusCode).toBe(404);
    const patch = await patchVenue(rival.venueId, { name: 'Taken over' });
    expect(patch.statusCode).toBe(404);
    expect(patch.json().error.code).toBe('NOT_FOUND');
    expect((await getVenue(rival.venueId, rival.owner)).json()).toEqual(before);
    expect((await getVenue(randomUUID())).statusCode).toBe(404);
    await expect(getVenueForScheduling(t.deps.database.db, merchant.merchantId, rival.venueId)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('lets staff without merchant.venues.manage read but not write', async () => {
    const gate = await signAs(t, merchant.owner, 'merchant', {
      merchantId: merchant.merchantId,
      permissions: ['merchant.checkin'],
    });
    expect((await getVenue(merchant.venueId, gate)).statusCode).toBe(200);
    const before = await venueCounts(t);
    const add = await addVenue(venueFields(), gate);
    expect(add.statusCode).toBe(403);
    expect(add.json().error.code).toBe('FORBIDDEN');
    expect((await patchVenue(merchant.venueId, { name: 'x' }, gate)).statusCode).toBe(403);
    expect(await venueCounts(t)).toEqual(before);
  });

  it('serves scheduling what it needs of a venue', async () => {
    expect(await getVenueForScheduling(t.deps.database.db, merchant.merchantId, merchant.venueId)).toEqual({
      id: merchant.venueId,
      merchantId: merchant.merchantId,
      name: '和平影城',
      kind: 'cinema',
      timezone: 'Asia/Shanghai',
      cleaningBufferMinutes: 15,
      status: 'approved',
      cityCode: '310100',
    });
  });

  describe('admin review of added venues', () => {
    it('lists pending venues with their merchant and approves one', async () => {
      const created = (await addVenue(venueFields({ name: 'Review Me' }))).json();
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/admin/venues?status=pending&merchantId=${merchant.merchantId}`,
        headers: admin.headers,
      });
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: created.id, merchant: { id: merchant.merchantId, name: expect.any(String), status: 'approved' } }),
        ]),
      );
      const approved = await adminReview(created.id, 'approve');
      expect(approved.statusCode).toBe(200);
      expect(approved.json()).toMatchObject({ id: created.id, status: 'approved', rejectReason: null });
      const again = await adminReview(created.id, 'reject', { reason: 'second thoughts' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('ALREADY_REVIEWED');
    });

    it('rejects with a reason; editing the venue sends it back for review', async () => {
      const created = (await addVenue(venueFields({ name: 'Blurry' }))).json();
      const rejected = await adminReview(created.id, 'reject', { reason: '地址不完整' });
      expect(rejected.json()).toMatchObject({ status: 'rejected', rejectReason: '地址不完整' });
      expect((await getVenue(created.id)).json()).toMatchObject({ status: 'rejected', rejectReason: '地址不完整' });
      const fixed = await patchVenue(created.id, { address: '黄浦区西藏中路 268 号 3 楼' });
      expect(fixed.json()).toMatchObject({ status: 'pending', rejectReason: null });
    });

    it("reviews a new merchant's first venue only with its application", async () => {
      const applicant = await createActor(t, 'merchant', { permissions: [] });
      const application = await t.app.inject({
        method: 'POST',
        url: '/api/merchant/applications',
        headers: applicant.headers,
        payload: { merchantName: 'Newcomer', venue: venueFields() },
      });
      const venueId = application.json().venues[0].id;
      const response = await adminReview(venueId, 'approve');
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('CONFLICT');
      expect((await adminReview(randomUUID(), 'approve')).statusCode).toBe(404);
    });

    it('needs merchants.review', async () => {
      const created = (await addVenue(venueFields({ name: 'Guarded' }))).json();
      const clerk = await createActor(t, 'admin', { permissions: ['reports.read'] });
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/admin/venues/${created.id}/approve`,
        headers: clerk.headers,
      });
      expect(response.statusCode).toBe(403);
      expect((await getVenue(created.id)).json().status).toBe('pending');
      const asMerchant = await t.app.inject({
        method: 'GET',
        url: '/api/admin/venues',
        headers: merchant.owner.headers,
      });
      expect(asMerchant.statusCode).toBe(401);
    });
  });
});
