import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import type { RoleScope } from '../permissions.js';

/** Any 64-bit number works; this one names the identity bootstrap lock in pg_locks. */
const BOOTSTRAP_LOCK = 7_305_117_002;

/** Serialises start-up work of several processes until the transaction ends. */
export async function lockBootstrap(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
}

export async function upsertPermissions(
  db: Db,
  permissions: readonly { code: string; bit: number; description: string }[],
): Promise<void> {
  const values = permissions.map((p) => sql`(${p.code}, ${p.bit}, ${p.description})`);
  await db.execute(sql`delete from permission where code not in ${permissions.map((p) => p.code)}`);
  await db.execute(
    sql`insert into permission (code, bit, description) values ${sql.join(values, sql`, `)}
        on conflict (code) do update set bit = excluded.bit, description = excluded.description`,
  );
}

export interface PermissionRow {
  code: string;
  bit: number;
  description: string;
}

export async function listPermissions(db: Db): Promise<PermissionRow[]> {
  return queryRows<PermissionRow>(db, sql`select code, bit, description from permission order by bit`);
}

/** Creates a built-in role or marks an existing one built in; an edited description is kept. */
export async function upsertBuiltInRole(
  db: Db,
  role: { name: string; description: string; scope: RoleScope },
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into role (name, description, scope, built_in)
        values (${role.name}, ${role.description}, ${role.scope}, true)
        on conflict (lower(name)) do update set scope = excluded.scope, built_in = true
        returning id`,
  );
  return row!.id;
}
