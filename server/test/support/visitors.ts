import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import type { TestApp } from './app.js';
import type { TestActor } from './actors.js';

/**
 * An 18-character resident ID card number with a correct GB 11643 check code, computed here on its own
 * (not with the module's code) so the tests check the rule rather than repeat it.
 */
export function idCardNumber(options: { region?: string; birthDate?: string; sequence?: number } = {}): string {
  const sequence = String(options.sequence ?? 123).padStart(3, '0');
  const first17 = `${options.region ?? '110101'}${options.birthDate ?? '19900307'}${sequence}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

/** The same number with a check code that does not match. */
export function withWrongCheckCode(number: string): string {
  const last = number.at(-1);
  return number.slice(0, 17) + (last === '0' ? '1' : '0');
}

/** The first number from `sequence` on whose check code is X (to test the letter's handling). */
export function idCardNumberEndingInX(sequence = 1): string {
  for (let n = sequence; n < 1000; n += 1) {
    const number = idCardNumber({ sequence: n });
    if (number.endsWith('X')) return number;
  }
  throw new Error('no X check code in range');
}

export interface VisitorInput {
  name?: string;
  idType?: string;
  idNumber?: string;
  phone?: string | null;
}

export const postVisitor = (t: TestApp, actor: TestActor, body: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/me/visitors',
    headers: { ...actor.headers, ...headers },
    payload: body as object,
  });

/** Saves a visitor over HTTP and answers the created view; an ID card by default. */
export async function createTestVisitor(
  t: TestApp,
  actor: TestActor,
  input: VisitorInput = {},
): Promise<{ id: string; name: string; idType: string; idNumber: string; phone: string | null }> {
  const response = await postVisitor(t, actor, {
    name: input.name ?? '张三',
    idType: input.idType ?? 'id-card',
    idNumber: input.idNumber ?? idCardNumber(),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export interface StoredVisitor {
  id: string;
  user_id: string;
  name: string;
  id_type: string;
  id_number_encrypted_hex: string;
  id_hash: string;
  id_masked: string;
  phone: string | null;
  deleted_at: Date | string | null;
}

/** The visitor rows as stored, the sealed number as hex text. */
export async function storedVisitors(t: TestApp, userId: string): Promise<StoredVisitor[]> {
  return queryRows<StoredVisitor>(
    t.deps.database.db,
    sql`select id, user_id, name, id_type, encode(id_number_encrypted, 'hex') as id_number_encrypted_hex,
               id_hash, id_masked, phone, deleted_at
        from visitor where user_id = ${userId} order by created_at, id`,
  );
}
