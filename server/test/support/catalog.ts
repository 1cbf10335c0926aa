import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import {
  createCompany,
  createPerson,
  createProduction,
  type CreateProductionInput,
  type ProductionView,
} from '../../src/modules/catalog/index.js';
import type { Permission } from '../../src/modules/identity/permissions.js';
import { createActor, type TestActor } from './actors.js';
import type { TestApp } from './app.js';

/** Staff of a merchant of their own (a fresh merchant id), with every merchant permission unless told. */
export async function createMerchantStaff(
  t: TestApp,
  options: { merchantId?: string; permissions?: Permission[] } = {},
): Promise<TestActor & { merchantId: string }> {
  const merchantId = options.merchantId ?? randomUUID();
  const actor = await createActor(t, 'merchant', { merchantId, permissions: options.permissions });
  return { ...actor, merchantId };
}

/** A production made through the same use case the routes use; a draft movie of 120 minutes unless told. */
export async function createTestProduction(
  t: TestApp,
  input: Partial<CreateProductionInput> = {},
): Promise<ProductionView> {
  return createProduction(
    t.deps.database.db,
    { kind: 'movie', title: `Film ${randomUUID().slice(0, 8)}`, durationMinutes: 120, ...input },
    t.clock,
  );
}

export async function createTestPerson(t: TestApp, name = `Person ${randomUUID().slice(0, 8)}`) {
  return createPerson(t.deps.database.db, { name }, t.clock);
}

export async function createTestCompany(t: TestApp, name = `Company ${randomUUID().slice(0, 8)}`) {
  return createCompany(t.deps.database.db, { name, kind: 'studio' }, t.clock);
}

/** Row counts of the catalogue tables, to show that a refused request wrote nothing. */
export async function catalogCounts(t: TestApp): Promise<Record<string, number>> {
  const [row] = await queryRows<Record<string, number>>(
    t.deps.database.db,
    sql`select (select count(*) from production)::int as production,
               (select count(*) from production_person)::int as credits,
               (select count(*) from person)::int as person,
               (select count(*) from company)::int as company`,
  );
  return row!;
}
