import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import type { QrLoginState } from '../rules.js';

export interface QrLoginRow {
  id: string;
  status: QrLoginState;
  user_id: string | null;
  expires_at: string;
  confirmed_at: string | null;
}

const QR_COLUMNS = sql.raw('id, status, user_id, expires_at, confirmed_at');

export async function insertQrLogin(db: Db, request: { expiresAt: Date; now: Date }): Promise<QrLoginRow> {
  const [row] = await queryRows<QrLoginRow>(
    db,
    sql`insert into qr_login (expires_at, created_at)
        values (${request.expiresAt.toISOString()}, ${request.now.toISOString()})
        returning ${QR_COLUMNS}`,
  );
  return row!;
}

export async function findQrLogin(db: Db, id: string): Promise<QrLoginRow | null> {
  const [row] = await queryRows<QrLoginRow>(db, sql`select ${QR_COLUMNS} from qr_login where id = ${id}`);
  return row ?? null;
}

/** pending -> confirmed, only while the request is alive; false when it is not (any more). */
export async function confirmQrLogin(db: Db, id: string, userId: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update qr_login set status = 'confirmed', user_id = ${userId}, confirmed_at = ${now.toISOString()}
        where id = ${id} and status = 'pending' and expires_at > ${now.toISOString()} returning id`,
  );
  return rows.length === 1;
}

/** confirmed -> consumed: exactly one poll collects the tokens; returns the approving user. */
export async function consumeQrLogin(db: Db, id: string, confirmedAfter: Date, now: Date): Promise<string | null> {
  const [row] = await queryRows<{ user_id: string }>(
    db,
    sql`update qr_login set status = 'consumed', consumed_at = ${now.toISOString()}
        where id = ${id} and status = 'confirmed' and confirmed_at > ${confirmedAfter.toISOString()}
        returning user_id`,
  );
  return row?.user_id ?? null;
}
