import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createActor, type TestActor } from '../support/actors.js';
import { createTestVisitor, idCardNumber } from '../support/visitors.js';
import { DomainError, statusOf } from '../../src/http/errors.js';
import { getVisitorsForTicketing, revealIdNumber } from '../../src/modules/visitors/index.js';

/** The DomainError a call rejects with, and its HTTP status. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; status: number; details: unknown }> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  const domain = error as DomainError;
  return { code: domain.code, status: statusOf(domain.code), details: domain.details };
}

describe('visitors for orders, tickets and the door', () => {
  let t: TestApp;
  let customer: TestActor;
  let other: TestActor;
  const visitors: { id: string; name: string }[] = [];
  const numbers = [idCardNumber({ sequence: 11 }), idCardNumber({ sequence: 12 }), idCardNumber({ sequence: 13 })];

  beforeAll(async () => {
    t = await createTestApp();
    customer = await createActor(t, 'customer');
    other = await createActor(t, 'customer');
    for (const [i, idNumber] of numbers.entries()) {
      visitors.push(await createTestVisitor(t, customer, { name: ['甲', '乙', '丙'][i], idNumber }));
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;

  describe('getVisitorsForTicketing', () => {
    it('answers the holders in the order asked, with the hash and the masked number, never the clear one', async () => {
      const asked = [visitors[2]!.id, visitors[0]!.id];
      const holders = await getVisitorsForTicketing(db(), customer.userId, asked);
      expect(holders).toEqual([
        {
          id: visitors[2]!.id,
          name: '丙',
          idType: 'id-card',
          idHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          idMasked: `110101********${numbers[2]!.slice(-4)}`,
        },
        {
          id: visitors[0]!.id,
          name: '甲',
          idType: 'id-card',
          idHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          idMasked: `110101********${numbers[0]!.slice(-4)}`,
        },
      ]);
      expect(holders[0]!.idHash).not.toBe(holders[1]!.idHash);
      expect(JSON.stringify(holders)).not.toContain(numbers[0]);
      expect(await getVisitorsForTicketing(db(), customer.userId, [])).toEqual([]);
    });

    it('gives an ID the same hash whoever saved it: one ticket per ID per session holds across customers', async () => {
      const copy = await createTestVisitor(t, other, { name: '甲', idNumber: numbers[0] });
      const [mine] = await getVisitorsForTicketing(db(), customer.userId, [visitors[0]!.id]);
      const [theirs] = await getVisitorsForTicketing(db(), other.userId, [copy.id]);
      expect(theirs!.idHash).toBe(mine!.idHash);
      const passport = await createTestVisitor(t, other, { idType: 'passport', idNumber: numbers[0]!.slice(0, 17) });
      const [byPassport] = await getVisitorsForTicketing(db(), other.userId, [passport.id]);
      expect(byPassport!.idHash).not.toBe(mine!.idHash);
    });

    it('answers 404 NOT_FOUND naming the ids that are not the customer’s live visitors', async () => {
      const unknown = randomUUID();
      expect(await failure(getVisitorsForTicketing(db(), customer.userId, [visitors[0]!.id, unknown]))).toEqual({
        code: 'NOT_FOUND',
        status: 404,
        details: { visitorIds: [unknown] },
      });
      expect(await failure(getVisitorsForTicketing(db(), other.userId, [visitors[1]!.id]))).toMatchObject({
        code: 'NOT_FOUND',
        details: { visitorIds: [visitors[1]!.id] },
      });
      expect(await failure(getVisitorsForTicketing(db(), customer.userId, ['not-a-uuid']))).toMatchObject({
        code: 'NOT_FOUND',
        details: { visitorIds: ['not-a-uuid'] },
      });
    });

    it('answers 404 for a deleted visitor', async () => {
      const gone = await createTestVisitor(t, customer, { name: '丁', idNumber: idCardNumber({ sequence: 14 }) });
      const url = `/api/me/visitors/${gone.id}`;
      const response = await t.app.inject({ method: 'DELETE', url, headers: customer.headers });
      expect(response.statusCode).toBe(204);
      expect(await failure(getVisitorsForTicketing(db(), customer.userId, [gone.id]))).toMatchObject({
        code: 'NOT_FOUND',
        status: 404,
      });
    });

    it('answers 422 VISITOR_DUPLICATE when one visitor is named twice, in any letter case', async () => {
      const id = visitors[1]!.id;
      expect(await failure(getVisitorsForTicketing(db(), customer.userId, [id, visitors[0]!.id, id]))).toEqual({
        code: 'VISITOR_DUPLICATE',
        status: 422,
        details: { visitorIds: [id] },
      });
      expect(await failure(getVisitorsForTicketing(db(), customer.userId, [id, id.toUpperCase()]))).toMatchObject({
        code: 'VISITOR_DUPLICATE',
      });
    });

    it('works inside the caller’s transaction', async () => {
      const holders = await db().transaction((tx) => getVisitorsForTicketing(tx, customer.userId, [visitors[1]!.id]));
      expect(holders.map((holder) => holder.name)).toEqual(['乙']);
    });
  });

  describe('revealIdNumber', () => {
    it('answers the clear number for the door, also after the customer deleted the visitor', async () => {
      const key = t.config.idEncryptionKey;
      await expect(revealIdNumber(db(), key, visitors[0]!.id)).resolves.toBe(numbers[0]);
      const number = idCardNumber({ sequence: 15 });
      const gone = await createTestVisitor(t, customer, { name: '戊', idNumber: number });
      await t.app.inject({ method: 'DELETE', url: `/api/me/visitors/${gone.id}`, headers: customer.headers });
      await expect(revealIdNumber(db(), key, gone.id)).resolves.toBe(number);
    });

    it('answers NOT_FOUND for an unknown visitor and fails with another key', async () => {
      const key = t.config.idEncryptionKey;
      expect(await failure(revealIdNumber(db(), key, randomUUID()))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
      expect(await failure(revealIdNumber(db(), key, 'nope'))).toMatchObject({ code: 'NOT_FOUND' });
      await expect(revealIdNumber(db(), randomBytes(32), visitors[0]!.id)).rejects.toThrow();
    });
  });
});
