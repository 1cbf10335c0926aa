import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { IdType } from './rules.js';
import type { VisitorView } from './schemas.js';

/** Both drivers answer timestamptz as a Date; text is accepted too so a driver change cannot break it. */
const iso = (value: Date | string): string => new Date(value).toISOString();

interface VisitorRow {
  id: string;
  name: string;
  idType: IdType;
  idNumber: string;
  phone: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
}

const visitorView = (row: VisitorRow): VisitorView => ({
  ...row,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

/** The columns of a VisitorView: the masked number goes out as `idNumber`, never the sealed one. */
const VIEW_COLUMNS = sql`id, name, id_type as "idType", id_masked as "idNumber", phone,
  created_at as "createdAt", updated_at as "updatedAt"`;

/**
 * Serialises a customer's visitor changes that count or compare their live visitors (the limit, the
 * duplicate check) until the transaction ends.
 */
export async function lockCustomerVisitors(db: Db, userId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`visitors:${userId}`}, 0))`);
}

export async function countLiveVisitors(db: Db, userId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from visitor where user_id = ${userId} and deleted_at is null`,
  );
  return row!.count;
}

export async function findLiveVisitorIdByHash(db: Db, userId: string, idHash: string): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from visitor where user_id = ${userId} and id_hash = ${idHash} and deleted_at is null`,
  );
  return row?.id ?? null;
}

export interface NewVisitor {
  id: string;
  userId: string;
  name: string;
  idType: IdType;
  sealed: Buffer;
  idHash: string;
  idMasked: string;
  phone: string | null;
  at: Date;
}

/** The new visitor, or null when the customer already has a live one with this ID (the unique index). */
export async function insertVisitor(db: Db, visitor: NewVisitor): Promise<VisitorView | null> {
  const at = visitor.at.toISOString();
  const [row] = await queryRows<VisitorRow>(
    db,
    sql`insert into visitor
          (id, user_id, name, id_type, id_number_encrypted, id_hash, id_masked, phone, created_at, updated_at)
        values (${visitor.id}, ${visitor.userId}, ${visitor.name}, ${visitor.idType},
                decode(${visitor.sealed.toString('hex')}, 'hex'), ${visitor.idHash}, ${visitor.idMasked},
                ${visitor.phone}, ${at}, ${at})
        on conflict (user_id, id_hash) where deleted_at is null do nothing
        returning ${VIEW_COLUMNS}`,
  );
  return row ? visitorView(row) : null;
}

export async function listLiveVisitors(
  db: Db,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ items: VisitorView[]; total: number }> {
  const rows = await queryRows<VisitorRow>(
    db,
    sql`select ${VIEW_COLUMNS}
        from visitor where user_id = ${userId} and deleted_at is null
        order by created_at, id
        limit ${page.limit} offset ${page.offset}`,
  );
  return { items: rows.map(visitorView), total: await countLiveVisitors(db, userId) };
}

export async function findLiveVisitor(db: Db, userId: string, id: string): Promise<VisitorView | null> {
  const [row] = await queryRows<VisitorRow>(
    db,
    sql`select ${VIEW_COLUMNS} from visitor where id = ${id} and user_id = ${userId} and deleted_at is null`,
  );
  return row ? visitorView(row) : null;
}

/** Changes a live visitor of the customer; null when there is none (another's, deleted or unknown). */
export async function updateLiveVisitor(
  db: Db,
  userId: string,
  id: string,
  changes: { name?: string; phone?: string | null },
  at: Date,
): Promise<VisitorView | null> {
  const sets: SQL[] = [sql`updated_at = ${at.toISOString()}`];
  if (changes.name !== undefined) sets.push(sql`name = ${changes.name}`);
  if (changes.phone !== undefined) sets.push(sql`phone = ${changes.phone}`);
  const [row] = await queryRows<VisitorRow>(
    db,
    sql`update visitor set ${sql.join(sets, sql`, `)}
        where id = ${id} and user_id = ${userId} and deleted_at is null
        returning ${VIEW_COLUMNS}`,
  );
  return row ? visitorView(row) : null;
}

/** Marks a live visitor deleted; false when there is none. The row stays for the tickets naming it. */
export async function softDeleteVisitor(db: Db, userId: string, id: string, at: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update visitor set deleted_at = ${at.toISOString()}, updated_at = ${at.toISOString()}
        where id = ${id} and user_id = ${userId} and deleted_at is null
        returning id`,
  );
  return rows.length === 1;
}

export interface TicketingVisitorRow {
  id: string;
  name: string;
  idType: IdType;
  idHash: string;
  idMasked: string;
}

/**
 * The customer's live visitors among `ids`, in no particular order. `for share` keeps them from being
 * deleted or renamed until the caller's transaction ends, so an order never names a visitor that was
 * deleted while it was being placed.
 */
export async function findLiveVisitorsForTicketing(
  db: Db,
  userId: string,
  ids: readonly string[],
): Promise<TicketingVisitorRow[]> {
  return queryRows<TicketingVisitorRow>(
    db,
    sql`select id, name, id_type as "idType", id_hash as "idHash", id_masked as "idMasked"
        from visitor
        where user_id = ${userId} and deleted_at is null and id = any(${sql.param(ids)}::uuid[])
        order by id
        for share`,
  );
}

/** The sealed ID number of a visitor, deleted or not (the door still admits their tickets). */
export async function findSealedIdNumber(db: Db, id: string): Promise<{ id: string; sealed: Buffer } | null> {
  const [row] = await queryRows<{ id: string; sealedHex: string }>(
    db,
    sql`select id, encode(id_number_encrypted, 'hex') as "sealedHex" from visitor where id = ${id}`,
  );
  return row ? { id: row.id, sealed: Buffer.from(row.sealedHex, 'hex') } : null;
}
