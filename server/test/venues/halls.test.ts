import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHallForScheduling } from '../../src/modules/venues/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { type TestActor } from '../support/actors.js';
import {
  createApprovedMerchant,
  createTestHall,
  fullGrid,
  signAs,
  smallPretixPlan,
  venueCounts,
  type ApprovedMerchant,
} from '../support/venues.js';

describe('halls and seat maps', () => {
  let t: TestApp;
  let merchant: ApprovedMerchant;
  let rival: ApprovedMerchant;

  beforeAll(async () => {
    t = await createTestApp();
    merchant = await createApprovedMerchant(t);
    rival = await createApprovedMerchant(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const hallsUrl = (venueId = merchant.venueId) => `/api/merchant/venues/${venueId}/halls`;
  const postHall = (body: unknown, options: { query?: string; actor?: TestActor; venueId?: string } = {}) =>
    t.app.inject({
      method: 'POST',
      url: `${hallsUrl(options.venueId)}${options.query ?? ''}`,
      headers: (options.actor ?? merchant.owner).headers,
      payload: body as object,
    });
  const putHall = (hallId: string, body: unknown, options: { query?: string; actor?: TestActor; venueId?: string } = {}) =>
    t.app.inject({
      method: 'PUT',
      url: `${hallsUrl(options.venueId)}/${hallId}${options.query ?? ''}`,
      headers: (options.actor ?? merchant.owner).headers,
      payload: body as object,
    });
  const getHall = (hallId: string, venueId = merchant.venueId, actor: TestActor = merchant.owner) =>
    t.app.inject({ method: 'GET', url: `${hallsUrl(venueId)}/${hallId}`, headers: actor.headers });

  it('creates a hall from a map with aisles, couple seats, vip seats and sections', async () => {
    const response = await postHall({
      name: '1号厅',
      seatMap: {
        rows: 3,
        cols: 5,
        cells: [
          { row: 1, col: 1, kind: 'seat', rowLabel: 'A' },
          { row: 1, col: 2, kind: 'seat', rowLabel: 'A', type: 'wheelchair' },
          { row: 1, col: 3, kind: 'aisle' },
          { row: 1, col: 4, kind: 'seat', rowLabel: 'A', type: 'companion' },
          { row: 2, col: 2, kind: 'seat', type: 'vip', section: 'Centre' },
          { row: 2, col: 3, kind: 'seat', type: 'vip', section: 'Centre' },
          { row: 3, col: 4, kind: 'seat', type: 'couple-left', category: 'couple' },
          { row: 3, col: 5, kind: 'seat', type: 'couple-right', category: 'couple' },
        ],
      },
    });
    expect(response.statusCode).toBe(201);
    const hall = response.json();
    expect(hall).toMatchObject({
      venueId: merchant.venueId,
      name: '1号厅',
      rows: 3,
      cols: 5,
      seatCount: 7,
      categories: ['standard', 'vip', 'couple'],
    });
    expect(hall.seatMap.cells.map((cell: { label: string }) => cell.label)).toEqual([
      'A排1座',
      'A排2座',
      'A排3座',
      '2排1座',
      '2排2座',
      '3排1座',
      '3排2座',
    ]);
    expect(hall.seatMap.cells[4]).toEqual({
      kind: 'seat',
      seatKey: 'r2c3',
      row: 2,
      col: 3,
      rowLabel: '2',
      number: 2,
      label: '2排2座',
      type: 'vip',
      category: 'vip',
      section: 'Centre',
    });
    expect((await getHall(hall.id)).json()).toEqual(hall);

    const list = await t.app.inject({ method: 'GET', url: hallsUrl(), headers: merchant.owner.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual(
      expect.arrayContaining([expect.not.objectContaining({ seatMap: expect.anything() })]),
    );
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(hall.id);
  });

  it('hands scheduling the seats of a hall with its venue', async () => {
    const hall = await createTestHall(t, merchant, { seatMap: fullGrid(2, 3) });
    const forScheduling = await getHallForScheduling(t.deps.database.db, merchant.merchantId, hall.id);
    expect(forScheduling).toMatchObject({
      id: hall.id,
      venueId: merchant.venueId,
      rows: 2,
      cols: 3,
      categories: ['standard'],
      venue: { id: merchant.venueId, merchantId: merchant.merchantId, timezone: 'Asia/Shanghai', status: 'approved' },
    });
    expect(forScheduling.seats).toHaveLength(6);
    expect(forScheduling.seats[5]).toEqual({
      seatKey: 'r2c3',
      row: 2,
      col: 3,
      rowLabel: '2',
      number: 3,
      label: '2排3座',
      type: 'standard',
      category: 'standard',
      section: null,
    });
    await expect(getHallForScheduling(t.deps.database.db, rival.merchantId, hall.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(getHallForScheduling(t.deps.database.db, merchant.merchantId, 'not-a-uuid')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  describe('seat map rules answer 422 SEAT_MAP_INVALID naming the cells, and write nothing', () => {
    const cases: [string, object, object][] = [
      [
        'a cell outside the grid',
        { rows: 2, cols: 2, cells: [{ row: 1, col: 1, kind: 'seat' }, { row: 2, col: 3, kind: 'seat' }] },
        { cells: [expect.objectContaining({ row: 2, col: 3, problem: 'outside-grid' })] },
      ],
      [
        'two cells at one position',
        { rows: 2, cols: 2, cells: [{ row: 1, col: 1, kind: 'seat' }, { row: 1, col: 1, kind: 'seat' }] },
        { cells: expect.arrayContaining([expect.objectContaining({ row: 1, col: 1, problem: 'duplicate-position' })]) },
      ],
      [
        'a duplicate label',
        {
          rows: 1,
          cols: 2,
          cells: [
            { row: 1, col: 1, kind: 'seat', label: 'VIP 1' },
            { row: 1, col: 2, kind: 'seat', label: 'VIP 1' },
          ],
        },
        {
          cells: [
            { row: 1, col: 1, label: 'VIP 1', problem: 'duplicate-label' },
            { row: 1, col: 2, label: 'VIP 1', problem: 'duplicate-label' },
          ],
        },
      ],
      [
        'a lone couple half',
        { rows: 1, cols: 2, cells: [{ row: 1, col: 1, kind: 'seat', type: 'couple-left' }, { row: 1, col: 2, kind: 'seat' }] },
        { cells: [expect.objectContaining({ row: 1, col: 1, problem: 'couple-half-alone' })] },
      ],
      [
        'couple halves that are not adjacent',
        {
          rows: 1,
          cols: 3,
          cells: [
            { row: 1, col: 1, kind: 'seat', type: 'couple-left' },
            { row: 1, col: 3, kind: 'seat', type: 'couple-right' },
          ],
        },
        {
          cells: [
            expect.objectContaining({ row: 1, col: 1, problem: 'couple-halves-not-adjacent' }),
            expect.objectContaining({ row: 1, col: 3, problem: 'couple-halves-not-adjacent' }),
          ],
        },
      ],
      [
        'an unknown type',
        { rows: 1, cols: 1, cells: [{ row: 1, col: 1, kind: 'seat', type: 'beanbag' }] },
        { cells: [expect.objectContaining({ row: 1, col: 1, problem: 'unknown-type' })] },
      ],
      [
        'a malformed category',
        { rows: 1, cols: 1, cells: [{ row: 1, col: 1, kind: 'seat', category: '' }] },
        { cells: [expect.objectContaining({ row: 1, col: 1, problem: 'invalid-category' })] },
      ],
      [
        'a grid of 101 × 1',
        fullGrid(101, 1),
        { map: [{ problem: 'grid-too-large', value: '101x1' }] },
      ],
      [
        'no seats',
        { rows: 2, cols: 2, cells: [{ row: 1, col: 1, kind: 'aisle' }] },
        { cells: [], map: [{ problem: 'no-seats' }] },
      ],
    ];

    it.each(cases)('%s', async (_what, seatMap, expected) => {
      const before = await venueCounts(t);
      const response = await postHall({ name: `Broken ${randomUUID().slice(0, 6)}`, seatMap });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'SEAT_MAP_INVALID', details: expected });
      expect(await venueCounts(t)).toEqual(before);
    });
  });

  it.each([
    ['an unknown field', { name: 'x', seatMap: fullGrid(1, 1), extra: 1 }],
    ['an unknown cell field', { name: 'x', seatMap: { rows: 1, cols: 1, cells: [{ row: 1, col: 1, kind: 'seat', price: 5 }] } }],
    ['an unknown cell kind', { name: 'x', seatMap: { rows: 1, cols: 1, cells: [{ row: 1, col: 1, kind: 'stage' }] } }],
    ['a row as text', { name: 'x', seatMap: { rows: 1, cols: 1, cells: [{ row: '1', col: 1, kind: 'seat' }] } }],
    ['no name', { seatMap: fullGrid(1, 1) }],
    ['zero rows', { name: 'x', seatMap: { rows: 0, cols: 1, cells: [] } }],
    ['a pretix plan without ?format=pretix', smallPretixPlan()],
  ])('answers %s with 400 VALIDATION_FAILED and writes nothing', async (_what, body) => {
    const before = await venueCounts(t);
    const response = await postHall(body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
    expect(await venueCounts(t)).toEqual(before);
  });

  it('names the field of the format meant in a validation error', async () => {
    const response = await postHall({ name: 'x', seatMap: { rows: 1, cols: 1, cells: [{ row: 1, col: 1, kind: 'seat', price: 5 }] } });
    expect(response.json().error.details.fields).toEqual(
      expect.arrayContaining([{ field: 'body.seatMap.cells.0.price', problem: 'is not a known field' }]),
    );
  });

  it('refuses a second hall of the same name in a venue: 409 HALL_NAME_TAKEN', async () => {
    await createTestHall(t, merchant, { name: 'IMAX' });
    const before = await venueCounts(t);
    const response = await postHall({ name: 'IMAX', seatMap: fullGrid(2, 2) });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('HALL_NAME_TAKEN');
    expect(await venueCounts(t)).toEqual(before);
    // Another merchant's venue may use the name.
    expect((await createTestHall(t, rival, { name: 'IMAX' })).name).toBe('IMAX');
  });

  it('creates one hall of a name under parallel requests', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => postHall({ name: 'Parallel', seatMap: fullGrid(2, 2) })),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  describe('pretix import', () => {
    it('turns a plan with two categories and a curved row into the right seats', async () => {
      const response = await postHall(smallPretixPlan(), { query: '?format=pretix' });
      expect(response.statusCode).toBe(201);
      const hall = response.json();
      expect(hall).toMatchObject({ name: 'Studio Theatre', rows: 3, cols: 7, seatCount: 11, categories: ['Stalls', 'Balcony'] });
      const seats = hall.seatMap.cells.map((cell: Record<string, unknown>) => [
        cell.seatKey,
        cell.row,
        cell.col,
        cell.label,
        cell.category,
        cell.section,
      ]);
      expect(seats).toEqual([
        ['parterre-1-1', 1, 1, 'Parterre 1排1座', 'Stalls', 'Parterre'],
        ['parterre-1-2', 1, 3, 'Parterre 1排2座', 'Stalls', 'Parterre'],
        ['parterre-1-3', 1, 5, 'Parterre 1排3座', 'Stalls', 'Parterre'],
        ['parterre-1-4', 1, 7, 'Parterre 1排4座', 'Stalls', 'Parterre'],
        ['parterre-2-1', 2, 1, 'Parterre 2排1座', 'Stalls', 'Parterre'],
        ['parterre-2-2', 2, 3, 'Parterre 2排2座', 'Stalls', 'Parterre'],
        ['parterre-2-3', 2, 5, 'Parterre 2排3座', 'Stalls', 'Parterre'],
        ['parterre-2-4', 2, 7, 'Parterre 2排4座', 'Stalls', 'Parterre'],
        ['balcony-a-1', 3, 2, 'Balcony A排1座', 'Balcony', 'Balcony'],
        ['balcony-a-2', 3, 4, 'Balcony A排2座', 'Balcony', 'Balcony'],
        ['balcony-a-3', 3, 6, 'Balcony A排3座', 'Balcony', 'Balcony'],
      ]);
      const forScheduling = await getHallForScheduling(t.deps.database.db, merchant.merchantId, hall.id);
      expect(forScheduling.seats.map((seat) => seat.seatKey)).toContain('balcony-a-2');
    });

    it('takes the hall name from ?name= when given', async () => {
      const response = await postHall(smallPretixPlan(), { query: '?format=pretix&name=Renamed%20Hall' });
      expect(response.json().name).toBe('Renamed Hall');
    });

    it('refuses a plan whose seat names an undeclared category, naming the seat', async () => {
      const plan = smallPretixPlan();
      plan.zones[1]!.rows[0]!.seats[2]!.category = 'Gallery';
      const before = await venueCounts(t);
      const response = await postHall({ ...plan, name: 'Bad plan' }, { query: '?format=pretix' });
      expect(response.statusCode).toBe(422);
      expect(response.json().error.details.cells).toEqual([
        { row: 3, col: 6, label: 'Balcony A排3座', seatKey: 'balcony-a-3', problem: 'undeclared-category' },
      ]);
      expect(await venueCounts(t)).toEqual(before);
    });

    it('answers a plan that breaks the pretix schema, or our map with ?format=pretix, with 400', async () => {
      const plan = smallPretixPlan() as unknown as { zones: { rows: { seats: Record<string, unknown>[] }[] }[] };
      delete plan.zones[0]!.rows[0]!.seats[0]!.seat_guid;
      const broken = await postHall({ ...plan, name: 'No guid' }, { query: '?format=pretix' });
      expect(broken.statusCode).toBe(400);
      const ours = await postHall({ name: 'Ours', seatMap: fullGrid(1, 1) }, { query: '?format=pretix' });
      expect(ours.statusCode).toBe(400);
      expect((await postHall(smallPretixPlan(), { query: '?format=csv' })).statusCode).toBe(400);
    });
  });

  describe('replacing a hall', () => {
    it("replaces the map and name, keeps the hall's identity, and leaves other halls alone", async () => {
      const hall = await createTestHall(t, merchant, { name: 'Small', seatMap: fullGrid(2, 2) });
      const other = (await getHall((await createTestHall(t, merchant, { name: 'Other' })).id)).json();
      const before = (await getHall(hall.id)).json();
      t.clock.advance(5_000);
      const response = await putHall(hall.id, { name: 'Bigger', seatMap: fullGrid(3, 4) });
      expect(response.statusCode).toBe(200);
      const after = response.json();
      expect(after).toMatchObject({ id: hall.id, venueId: merchant.venueId, name: 'Bigger', rows: 3, cols: 4, seatCount: 12 });
      expect(after.createdAt).toBe(before.createdAt);
      expect(after.updatedAt).not.toBe(before.updatedAt);
      expect((await getHall(other.id)).json()).toEqual(other);
    });

    it('takes back the map it answered, unchanged (round trip)', async () => {
      const hall = (await postHall(smallPretixPlan(), { query: '?format=pretix&name=Round%20trip' })).json();
      const response = await putHall(hall.id, { name: hall.name, seatMap: hall.seatMap });
      expect(response.statusCode).toBe(200);
      expect(response.json().seatMap).toEqual(hall.seatMap);
    });

    it('replaces a map with a pretix plan', async () => {
      const hall = await createTestHall(t, merchant, { name: 'To import', seatMap: fullGrid(1, 1) });
      const response = await putHall(hall.id, smallPretixPlan(), { query: '?format=pretix&name=To%20import' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: hall.id, name: 'To import', seatCount: 11 });
    });

    it('refuses an invalid map or a taken name and keeps the hall as it was', async () => {
      await createTestHall(t, merchant, { name: 'Taken' });
      const hall = await createTestHall(t, merchant, { name: 'Keep me' });
      const before = (await getHall(hall.id)).json();
      const invalid = await putHall(hall.id, { name: 'Keep me', seatMap: fullGrid(1, 101) });
      expect(invalid.statusCode).toBe(422);
      const taken = await putHall(hall.id, { name: 'Taken', seatMap: fullGrid(1, 1) });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.code).toBe('HALL_NAME_TAKEN');
      expect((await getHall(hall.id)).json()).toEqual(before);
    });
  });

  describe('tenancy and permissions', () => {
    it("answers another merchant's venue or hall with 404 and changes nothing", async () => {
      const rivalHall = await createTestHall(t, rival, { name: 'Rival hall' });
      const before = (await getHall(rivalHall.id, rival.venueId, rival.owner)).json();
      const counts = await venueCounts(t);
      expect((await getHall(rivalHall.id, rival.venueId)).statusCode).toBe(404);
      expect((await postHall({ name: 'Mine now', seatMap: fullGrid(1, 1) }, { venueId: rival.venueId })).statusCode).toBe(404);
      const put = await putHall(rivalHall.id, { name: 'Mine now', seatMap: fullGrid(1, 1) }, { venueId: rival.venueId });
      expect(put.statusCode).toBe(404);
      // The hall id under one of my own venues does not reach it either.
      expect((await putHall(rivalHall.id, { name: 'Mine now', seatMap: fullGrid(1, 1) })).statusCode).toBe(404);
      expect((await getHall(rivalHall.id)).statusCode).toBe(404);
      expect(
        (await t.app.inject({ method: 'GET', url: hallsUrl(rival.venueId), headers: merchant.owner.headers })).statusCode,
      ).toBe(404);
      expect((await getHall(rivalHall.id, rival.venueId, rival.owner)).json()).toEqual(before);
      expect(await venueCounts(t)).toEqual(counts);
    });

    it('answers a hall under the wrong venue of the same merchant with 404', async () => {
      const second = (
        await t.app.inject({
          method: 'POST',
          url: '/api/merchant/venues',
          headers: merchant.owner.headers,
          payload: { name: 'Second site', kind: 'theatre', cityCode: '310100', address: 'Somewhere 1', timezone: 'Asia/Shanghai' },
        })
      ).json();
      const hall = await createTestHall(t, merchant, { name: 'Venue-bound' });
      expect((await getHall(hall.id, second.id)).statusCode).toBe(404);
    });

    it('lets staff without merchant.venues.manage read halls but not change them', async () => {
      const hall = await createTestHall(t, merchant, { name: 'Read only' });
      const boxOffice = await signAs(t, merchant.owner, 'merchant', {
        merchantId: merchant.merchantId,
        permissions: ['merchant.sales.read', 'merchant.checkin'],
      });
      expect((await getHall(hall.id, merchant.venueId, boxOffice)).statusCode).toBe(200);
      expect((await postHall({ name: 'Nope', seatMap: fullGrid(1, 1) }, { actor: boxOffice })).statusCode).toBe(403);
      expect((await putHall(hall.id, { name: 'Nope', seatMap: fullGrid(1, 1) }, { actor: boxOffice })).statusCode).toBe(403);
    });
  });
});
