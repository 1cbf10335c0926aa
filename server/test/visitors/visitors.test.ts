import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createActor, type TestActor } from '../support/actors.js';
import {
  createTestVisitor,
  idCardNumber,
  idCardNumberEndingInX,
  postVisitor,
  storedVisitors,
  withWrongCheckCode,
} from '../support/visitors.js';
import { revealIdNumber } from '../../src/modules/visitors/index.js';
import { decryptIdNumber, idKeysOf } from '../../src/modules/visitors/id-crypto.js';

describe('customer: real-name visitors', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const customer = () => createActor(t, 'customer');
  const request = (actor: TestActor, method: 'GET' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: actor.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  describe('create', () => {
    it('saves a visitor and answers with the ID number masked, never in clear', async () => {
      const actor = await customer();
      const number = idCardNumber({ region: '110101', birthDate: '19900307', sequence: 123 });
      const body = { name: '  张三 ', idType: 'id-card', idNumber: number, phone: '13800138000' };
      const response = await postVisitor(t, actor, body);
      expect(response.statusCode).toBe(201);
      expect(response.body).not.toContain(number);
      expect(response.body).not.toContain(number.slice(6, 14));
      expect(response.json()).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: '张三',
        idType: 'id-card',
        idNumber: `110101********${number.slice(-4)}`,
        phone: '13800138000',
        createdAt: '2026-11-20T08:00:00.000Z',
        updatedAt: '2026-11-20T08:00:00.000Z',
      });
    });

    it('stores the number sealed, hashed and masked: never in clear in the row, and it decrypts back', async () => {
      const actor = await customer();
      const number = idCardNumber({ sequence: 321 });
      const visitor = await createTestVisitor(t, actor, { idNumber: number });
      const [row] = await storedVisitors(t, actor.userId);
      expect(row!.id).toBe(visitor.id);
      expect(JSON.stringify(row)).not.toContain(number);
      const sealed = Buffer.from(row!.id_number_encrypted_hex, 'hex');
      expect(sealed.length).toBe(12 + 16 + 18);
      expect(sealed.toString('latin1')).not.toContain(number);
      expect(row!.id_number_encrypted_hex).not.toContain(Buffer.from(number).toString('hex'));
      expect(decryptIdNumber(idKeysOf(t.config.idEncryptionKey), row!.id, sealed)).toBe(number);
      expect(row!.id_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row!.id_masked).toBe(`110101********${number.slice(-4)}`);
      await expect(revealIdNumber(t.deps.database.db, t.config.idEncryptionKey, visitor.id)).resolves.toBe(number);
    });

    it('accepts every document type, normalised to upper case and masked by its rule', async () => {
      const actor = await customer();
      const cases = [
        { idType: 'passport', idNumber: 'e12345678', masked: 'E1*****78', clear: 'E12345678' },
        { idType: 'hk-macao-permit', idNumber: 'H1234567890', masked: 'H1*******90', clear: 'H1234567890' },
        { idType: 'taiwan-permit', idNumber: '87654321', masked: '87****21', clear: '87654321' },
        {
          idType: 'foreigner-permit',
          idNumber: 'usa110085060112',
          masked: 'US***********12',
          clear: 'USA110085060112',
        },
      ];
      for (const item of cases) {
        const body = { name: 'John Smith', idType: item.idType, idNumber: item.idNumber };
        const response = await postVisitor(t, actor, body);
        expect(response.statusCode, response.body).toBe(201);
        expect(response.json()).toMatchObject({ idType: item.idType, idNumber: item.masked, phone: null });
        expect(response.body).not.toContain(item.clear);
        const visitorId = response.json().id as string;
        await expect(revealIdNumber(t.deps.database.db, t.config.idEncryptionKey, visitorId)).resolves.toBe(item.clear);
      }
    });

    it('takes a lower-case x as the check code X: the same card cannot be saved twice by its case', async () => {
      const actor = await customer();
      const number = idCardNumberEndingInX();
      const first = await postVisitor(t, actor, { name: '李四', idType: 'id-card', idNumber: number.toLowerCase() });
      expect(first.statusCode).toBe(201);
      expect(first.json().idNumber).toBe(`${number.slice(0, 6)}********${number.slice(-4)}`);
      const again = await postVisitor(t, actor, { name: '李四', idType: 'id-card', idNumber: number });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'VISITOR_EXISTS', details: { visitorId: first.json().id } });
    });

    it('refuses an invalid number with 422 INVALID_ID_NUMBER (field and reason) and writes nothing', async () => {
      const actor = await customer();
      const cases: [string, string, string][] = [
        ['id-card', withWrongCheckCode(idCardNumber()), 'checksum'],
        ['id-card', idCardNumber({ birthDate: '19990230' }), 'birth-date'],
        ['id-card', idCardNumber({ birthDate: '20261121' }), 'birth-date'], // tomorrow, by the test clock
        ['id-card', idCardNumber().slice(0, 17), 'length'],
        ['id-card', idCardNumber({ region: '990101' }), 'region'],
        ['passport', 'E1234-567', 'format'],
        ['hk-macao-permit', 'X12345678', 'format'],
        ['taiwan-permit', '1234567', 'length'],
        ['foreigner-permit', 'USA11008506011', 'length'],
      ];
      for (const [idType, idNumber, reason] of cases) {
        const response = await postVisitor(t, actor, { name: '王五', idType, idNumber });
        expect(response.statusCode, `${idType} ${reason}`).toBe(422);
        expect(response.json().error).toMatchObject({
          code: 'INVALID_ID_NUMBER',
          details: { field: 'idNumber', idType, reason },
        });
        expect(response.body).not.toContain(idNumber);
      }
      expect(await storedVisitors(t, actor.userId)).toEqual([]);
    });

    it('refuses a body that breaks the schema with 400 VALIDATION_FAILED and writes nothing', async () => {
      const actor = await customer();
      const number = idCardNumber();
      const bodies: unknown[] = [
        {},
        { idType: 'id-card', idNumber: number },
        { name: '张三', idType: 'driving-licence', idNumber: number },
        { name: '张三', idType: 'id-card', idNumber: 110101199003071234 },
        { name: '张三', idType: 'id-card', idNumber: '' },
        { name: '   ', idType: 'id-card', idNumber: number },
        { name: '张\u0000三', idType: 'id-card', idNumber: number },
        { name: 'x'.repeat(51), idType: 'id-card', idNumber: number },
        { name: '张三', idType: 'id-card', idNumber: number, phone: '12345' },
        { name: '张三', idType: 'id-card', idNumber: number, userId: randomUUID() },
      ];
      for (const body of bodies) {
        const response = await postVisitor(t, actor, body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().error.code).toBe('VALIDATION_FAILED');
        expect(response.body).not.toContain(number);
      }
      expect(await storedVisitors(t, actor.userId)).toEqual([]);
    });

    it('answers 409 VISITOR_EXISTS for an ID saved before, while another customer may save the same ID', async () => {
      const actor = await customer();
      const other = await customer();
      const number = idCardNumber({ sequence: 555 });
      const first = await createTestVisitor(t, actor, { idNumber: number });
      const again = await postVisitor(t, actor, { name: '别名', idType: 'id-card', idNumber: number });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'VISITOR_EXISTS', details: { visitorId: first.id } });
      expect(again.body).not.toContain(number);
      await createTestVisitor(t, other, { idNumber: number });
      // The same digits as another document type are another ID.
      await createTestVisitor(t, actor, { idType: 'passport', idNumber: number.slice(0, 17) });
      expect(await storedVisitors(t, actor.userId)).toHaveLength(2);
    });

    it('keeps exactly one of 10 parallel saves of the same ID', async () => {
      const actor = await customer();
      const number = idCardNumber({ sequence: 777 });
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          postVisitor(t, actor, { name: `并发${i}`, idType: 'id-card', idNumber: number }),
        ),
      );
      const statuses = responses.map((response) => response.statusCode).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(409)]);
      for (const response of responses.filter((r) => r.statusCode === 409)) {
        expect(response.json().error.code).toBe('VISITOR_EXISTS');
      }
      expect(await storedVisitors(t, actor.userId)).toHaveLength(1);
    });

    it('allows 20 visitors and answers the 21st with 422 VISITOR_LIMIT; deleting one makes room', async () => {
      const actor = await customer();
      const created = [];
      for (let sequence = 1; sequence <= 20; sequence += 1) {
        created.push(await createTestVisitor(t, actor, { idNumber: idCardNumber({ sequence }) }));
      }
      const twentyFirst = { name: '第二十一', idType: 'id-card', idNumber: idCardNumber({ sequence: 21 }) };
      const over = await postVisitor(t, actor, twentyFirst);
      expect(over.statusCode).toBe(422);
      expect(over.json().error).toMatchObject({ code: 'VISITOR_LIMIT', details: { limit: 20 } });
      expect(await storedVisitors(t, actor.userId)).toHaveLength(20);

      expect((await request(actor, 'DELETE', `/api/me/visitors/${created[0]!.id}`)).statusCode).toBe(204);
      await createTestVisitor(t, actor, { idNumber: idCardNumber({ sequence: 21 }) });
    });

    it('holds the limit under parallel saves: with 18 saved, 5 parallel saves admit exactly 2', async () => {
      const actor = await customer();
      for (let sequence = 1; sequence <= 18; sequence += 1) {
        await createTestVisitor(t, actor, { idNumber: idCardNumber({ sequence }) });
      }
      const responses = await Promise.all(
        [31, 32, 33, 34, 35].map((sequence) =>
          postVisitor(t, actor, { name: '并发', idType: 'id-card', idNumber: idCardNumber({ sequence }) }),
        ),
      );
      expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 201, 422, 422, 422]);
      const live = (await storedVisitors(t, actor.userId)).filter((row) => row.deleted_at === null);
      expect(live).toHaveLength(20);
    });

    it('replays the first answer for a repeated Idempotency-Key and saves once', async () => {
      const actor = await customer();
      const body = { name: '赵六', idType: 'id-card', idNumber: idCardNumber({ sequence: 901 }) };
      const key = randomUUID();
      const first = await postVisitor(t, actor, body, { 'idempotency-key': key });
      const second = await postVisitor(t, actor, body, { 'idempotency-key': key });
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.json()).toEqual(first.json());
      expect(await storedVisitors(t, actor.userId)).toHaveLength(1);
    });
  });

  describe('list, read, change, delete', () => {
    it('lists only the customer’s live visitors, oldest first, paged', async () => {
      const actor = await customer();
      const other = await customer();
      await createTestVisitor(t, other, { idNumber: idCardNumber({ sequence: 1 }) });
      const names = ['甲', '乙', '丙', '丁', '戊'];
      const created = [];
      for (const [i, name] of names.entries()) {
        t.clock.advance(1000);
        created.push(await createTestVisitor(t, actor, { name, idNumber: idCardNumber({ sequence: 100 + i }) }));
      }
      await request(actor, 'DELETE', `/api/me/visitors/${created[1]!.id}`);

      const all = await request(actor, 'GET', '/api/me/visitors');
      expect(all.statusCode).toBe(200);
      expect(all.json()).toMatchObject({ total: 4, page: 1, pageSize: 20 });
      expect(all.json().items.map((item: { name: string }) => item.name)).toEqual(['甲', '丙', '丁', '戊']);
      for (const [i, item] of all.json().items.entries()) {
        expect(item.idNumber).toMatch(/^110101\*{8}[0-9X]{4}$/);
        expect(all.body).not.toContain(idCardNumber({ sequence: 100 + i }));
      }

      const second = await request(actor, 'GET', '/api/me/visitors?page=2&pageSize=3');
      expect(second.json()).toMatchObject({ total: 4, page: 2, pageSize: 3 });
      expect(second.json().items.map((item: { name: string }) => item.name)).toEqual(['戊']);

      const tooBig = await request(actor, 'GET', '/api/me/visitors?pageSize=101');
      expect(tooBig.statusCode).toBe(400);
    });

    it('reads one visitor, masked', async () => {
      const actor = await customer();
      const number = idCardNumber({ sequence: 200 });
      const visitor = await createTestVisitor(t, actor, { name: '钱七', idNumber: number, phone: '+85291234567' });
      const response = await request(actor, 'GET', `/api/me/visitors/${visitor.id}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(visitor);
      expect(response.body).not.toContain(number);
    });

    it('changes the name and phone only; null removes the phone', async () => {
      const actor = await customer();
      const visitor = await createTestVisitor(t, actor, { name: '孙八', phone: '13900139000' });
      t.clock.advance(60_000);
      const renamed = await request(actor, 'PATCH', `/api/me/visitors/${visitor.id}`, { name: ' 孙捌 ' });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: '孙捌', phone: '13900139000', idNumber: visitor.idNumber });
      expect(renamed.json().updatedAt).not.toBe(renamed.json().createdAt);

      const cleared = await request(actor, 'PATCH', `/api/me/visitors/${visitor.id}`, { phone: null });
      expect(cleared.json()).toMatchObject({ name: '孙捌', phone: null });
    });

    it('refuses to change the ID number or type (400, nothing changes), and an empty or bad change', async () => {
      const actor = await customer();
      const number = idCardNumber({ sequence: 300 });
      const visitor = await createTestVisitor(t, actor, { name: '周九', idNumber: number });
      const bodies: unknown[] = [
        { idNumber: idCardNumber({ sequence: 301 }) },
        { name: '周久', idType: 'passport' },
        {},
        { name: '' },
        { phone: 13800138000 },
      ];
      for (const body of bodies) {
        const response = await request(actor, 'PATCH', `/api/me/visitors/${visitor.id}`, body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().error.code).toBe('VALIDATION_FAILED');
      }
      const [row] = await storedVisitors(t, actor.userId);
      expect(row).toMatchObject({ name: '周九', id_type: 'id-card', phone: null });
      await expect(revealIdNumber(t.deps.database.db, t.config.idEncryptionKey, visitor.id)).resolves.toBe(number);
    });

    it('deletes softly: gone from the list and unusable, the row kept, its ID free to save again', async () => {
      const actor = await customer();
      const number = idCardNumber({ sequence: 400 });
      const visitor = await createTestVisitor(t, actor, { name: '吴十', idNumber: number });
      const deleted = await request(actor, 'DELETE', `/api/me/visitors/${visitor.id}`);
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');

      expect((await request(actor, 'GET', `/api/me/visitors/${visitor.id}`)).statusCode).toBe(404);
      expect((await request(actor, 'PATCH', `/api/me/visitors/${visitor.id}`, { name: '复活' })).statusCode).toBe(404);
      expect((await request(actor, 'DELETE', `/api/me/visitors/${visitor.id}`)).statusCode).toBe(404);
      expect((await request(actor, 'GET', '/api/me/visitors')).json()).toMatchObject({ items: [], total: 0 });

      const rows = await storedVisitors(t, actor.userId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: visitor.id, name: '吴十' });
      expect(rows[0]!.deleted_at).not.toBeNull();

      const again = await createTestVisitor(t, actor, { name: '吴十', idNumber: number });
      expect(again.id).not.toBe(visitor.id);
    });

    it('answers 404 for an unknown visitor and 400 for an id that is not a uuid', async () => {
      const actor = await customer();
      expect((await request(actor, 'GET', `/api/me/visitors/${randomUUID()}`)).json().error.code).toBe('NOT_FOUND');
      expect((await request(actor, 'GET', '/api/me/visitors/not-a-uuid')).statusCode).toBe(400);
    });
  });

  describe('who may call', () => {
    it('answers 404 for another customer’s visitor on GET, PATCH and DELETE, and changes nothing', async () => {
      const owner = await customer();
      const intruder = await customer();
      const visitor = await createTestVisitor(t, owner, { name: '郑十一', phone: '13700137000' });
      for (const [method, payload] of [['GET'], ['PATCH', { name: '冒名' }], ['DELETE']] as const) {
        const response = await request(intruder, method, `/api/me/visitors/${visitor.id}`, payload);
        expect(response.statusCode, method).toBe(404);
        expect(response.json().error.code).toBe('NOT_FOUND');
      }
      expect((await request(intruder, 'GET', '/api/me/visitors')).json().total).toBe(0);
      const [row] = await storedVisitors(t, owner.userId);
      expect(row).toMatchObject({ name: '郑十一', phone: '13700137000', deleted_at: null });
    });

    it('answers 401 without a token, and to merchant- and admin-portal tokens', async () => {
      const owner = await customer();
      const visitor = await createTestVisitor(t, owner);
      const merchant = await createActor(t, 'merchant', { merchantId: randomUUID() });
      const admin = await createActor(t, 'admin');
      const calls = [
        { method: 'GET', url: '/api/me/visitors' },
        {
          method: 'POST',
          url: '/api/me/visitors',
          payload: { name: '张三', idType: 'id-card', idNumber: idCardNumber({ sequence: 5 }) },
        },
        { method: 'GET', url: `/api/me/visitors/${visitor.id}` },
        { method: 'PATCH', url: `/api/me/visitors/${visitor.id}`, payload: { name: '改名' } },
        { method: 'DELETE', url: `/api/me/visitors/${visitor.id}` },
      ] as const;
      for (const headers of [{}, merchant.headers, admin.headers]) {
        for (const call of calls) {
          const response = await t.app.inject({ ...call, headers });
          expect(response.statusCode, `${call.method} ${call.url}`).toBe(401);
          expect(response.json().error.code).toBe('UNAUTHENTICATED');
        }
      }
      expect(await storedVisitors(t, merchant.userId)).toEqual([]);
      expect(await storedVisitors(t, admin.userId)).toEqual([]);
      const [row] = await storedVisitors(t, owner.userId);
      expect(row).toMatchObject({ name: '张三', deleted_at: null });
    });
  });

  it('documents every route in the OpenAPI spec', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(spec.paths['/api/me/visitors'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(spec.paths['/api/me/visitors/{id}'])).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
  });
});
