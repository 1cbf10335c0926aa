import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { merchantIdOf, type Actor } from '../../http/actor.js';
import { DomainError, notFound } from '../../http/errors.js';
import { offsetOf, pageOf, type Page } from '../../http/pagination.js';
import { getProductionForScheduling } from '../catalog/index.js';
import { assertPermission } from '../identity/index.js';
import * as repo from './repo.js';
import {
  isValidPeriod,
  LICENCE_TIME_ZONE,
  licenceStatusOn,
  localDateOf,
  notLicensableReason,
} from './rules.js';
import type { AdminLicenceListQuery, Licence, LicenceInput, LicenceListQuery } from './schemas.js';
import type { LicenceRow } from './tables.js';

export interface LicensingContext {
  db: Db;
  clock: Clock;
}

export interface CreateLicenceInput {
  merchantId: string;
  productionId: string;
  from: string;
  to: string;
  fee?: { amount: number; currency: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const todayOf = (clock: Clock): string => localDateOf(clock.now(), LICENCE_TIME_ZONE);

async function present(ctx: LicensingContext, rows: LicenceRow[]): Promise<Licence[]> {
  const today = todayOf(ctx.clock);
  const titles = new Map<string, string>();
  for (const productionId of new Set(rows.map((row) => row.productionId))) {
    titles.set(productionId, (await getProductionForScheduling(ctx.db, productionId)).title);
  }
  return rows.map((row) => ({
    id: row.id,
    merchantId: row.merchantId,
    production: { id: row.productionId, title: titles.get(row.productionId)! },
    from: row.validFrom,
    to: row.validTo,
    fee: row.feeAmount === null || row.feeCurrency === null ? null : { amount: row.feeAmount, currency: row.feeCurrency },
    status: licenceStatusOn(row, today),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  }));
}

/**
 * The licensing use case without an HTTP caller (the demo seed uses it): a licence for one of the
 * platform's published movies over an inclusive period. Overlapping licences are allowed (renewals).
 */
export async function createLicence(db: Db, input: CreateLicenceInput, clock: Clock = systemClock): Promise<LicenceRow> {
  if (!isValidPeriod(input.from, input.to)) {
    throw new DomainError('INVALID_PERIOD', `The licence ends (${input.to}) before it starts (${input.from})`, {
      from: input.from,
      to: input.to,
    });
  }
  const production = await getProductionForScheduling(db, input.productionId);
  const reason = notLicensableReason(production);
  if (reason) {
    throw new DomainError('NOT_A_PLATFORM_MOVIE', 'Only the platform’s published movies are licensed', {
      productionId: production.id,
      reason,
    });
  }
  return repo.insertLicence(
    db,
    {
      merchantId: input.merchantId,
      productionId: production.id,
      validFrom: input.from,
      validTo: input.to,
      feeAmount: input.fee?.amount ?? null,
      feeCurrency: input.fee?.currency ?? null,
    },
    clock.now(),
  );
}

/** Whether the merchant may screen the movie on a local date (YYYY-MM-DD of the venue's zone). */
export async function hasLicenceCovering(
  db: Db,
  merchantId: string,
  productionId: string,
  localDate: string,
): Promise<boolean> {
  if (!UUID.test(merchantId) || !UUID.test(productionId)) return false;
  return repo.existsLicenceCovering(db, merchantId, productionId, localDate);
}

export async function licenseMovie(ctx: LicensingContext, actor: Actor, input: LicenceInput): Promise<Licence> {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.licences.manage');
  const row = await createLicence(ctx.db, { merchantId, ...input }, ctx.clock);
  const [licence] = await present(ctx, [row]);
  return licence!;
}

/** Any staff of the merchant may read its licences. */
export async function listOwnLicences(ctx: LicensingContext, actor: Actor, query: LicenceListQuery): Promise<Page<Licence>> {
  const merchantId = merchantIdOf(actor);
  return listWith(ctx, { ...query, merchantId });
}

export async function getOwnLicence(ctx: LicensingContext, actor: Actor, id: string): Promise<Licence> {
  const row = await repo.findLicence(ctx.db, id, merchantIdOf(actor));
  if (!row) throw notFound('Licence');
  const [licence] = await present(ctx, [row]);
  return licence!;
}

export async function listAllLicences(
  ctx: LicensingContext,
  actor: Actor,
  query: AdminLicenceListQuery,
): Promise<Page<Licence>> {
  assertPermission(actor, 'licences.review');
  return listWith(ctx, query);
}

/** The platform withdraws a licence: active → revoked (compare-and-set); sessions need another one. */
export async function revokeLicenceByAdmin(ctx: LicensingContext, actor: Actor, id: string): Promise<Licence> {
  assertPermission(actor, 'licences.review');
  const row = await repo.revokeLicence(ctx.db, id, ctx.clock.now());
  if (!row) {
    if (!(await repo.findLicence(ctx.db, id))) throw notFound('Licence');
    throw new DomainError('LICENCE_REVOKED', 'The licence was revoked already');
  }
  const [licence] = await present(ctx, [row]);
  return licence!;
}

async function listWith(ctx: LicensingContext, query: AdminLicenceListQuery): Promise<Page<Licence>> {
  const { rows, total } = await repo.listLicences(ctx.db, {
    merchantId: query.merchantId,
    productionId: query.productionId,
    status: query.status,
    today: todayOf(ctx.clock),
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(await present(ctx, rows), total, query);
}
