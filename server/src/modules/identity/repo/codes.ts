import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import type { SmsPurpose } from '../sms.js';

export interface CodeRow {
  id: string;
  code_hash: string;
  attempts: number;
  expires_at: string;
  consumed_at: string | null;
}

/**
 * Serialises work on the codes of one phone and purpose until the transaction ends: two parallel sends
 * count as two, and parallel registrations of one phone see each other's account.
 */
export async function lockPhoneCodes(db: Db, phone: string, purpose: SmsPurpose): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sms-code:${purpose}:${phone}`}, 0))`);
}

export async function lastSentAt(db: Db, phone: string, purpose: SmsPurpose): Promise<string | null> {
  const [row] = await queryRows<{ created_at: string }>(
    db,
    sql`select created_at from sms_code where phone = ${phone} and purpose = ${purpose}
        order by created_at desc limit 1`,
  );
  return row?.created_at ?? null;
}

export async function insertCode(
  db: Db,
  code: { phone: string; purpose: SmsPurpose; codeHash: string; expiresAt: Date; now: Date },
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into sms_code (phone, purpose, code_hash, expires_at, created_at)
        values (${code.phone}, ${code.purpose}, ${code.codeHash},
                ${code.expiresAt.toISOString()}, ${code.now.toISOString()})
        returning id`,
  );
  return row!.id;
}

export async function deleteCode(db: Db, id: string): Promise<void> {
  await db.execute(sql`delete from sms_code where id = ${id}`);
}

/** The newest code of a phone and purpose, locked until the transaction ends so tries on it queue up. */
export async function lockNewestCode(db: Db, phone: string, purpose: SmsPurpose): Promise<CodeRow | null> {
  const [row] = await queryRows<CodeRow>(
    db,
    sql`select id, code_hash, attempts, expires_at, consumed_at from sms_code
        where phone = ${phone} and purpose = ${purpose}
        order by created_at desc limit 1 for update`,
  );
  return row ?? null;
}

export async function burnTry(db: Db, id: string): Promise<void> {
  await db.execute(sql`update sms_code set attempts = attempts + 1 where id = ${id}`);
}

/** Marks the code used; false when another request used it first. */
export async function consumeCode(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update sms_code set consumed_at = ${now.toISOString()} where id = ${id} and consumed_at is null returning id`,
  );
  return rows.length === 1;
}
