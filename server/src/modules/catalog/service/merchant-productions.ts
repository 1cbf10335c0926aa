import type { Db } from '../../../db/client.js';
import type { Clock } from '../../../clock.js';
import { merchantIdOf, type Actor } from '../../../http/actor.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import { assertPermission } from '../../identity/index.js';
import type {
  MerchantCreateProductionBody,
  MerchantProductionQuery,
  MerchantUpdateProductionBody,
  ProductionSummaryView,
  ProductionView,
} from '../schemas.js';
import { createProduction, getProduction, listProductions, updateProduction } from './productions.js';

/**
 * A merchant's own performances and exhibitions. The merchant comes from the actor, never the request,
 * and scopes every lookup: another merchant's production is NOT_FOUND.
 */
function merchantOf(actor: Actor): string {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.productions.manage');
  return merchantId;
}

/** New productions start as drafts; the merchant submits them for review with a PATCH. */
export async function merchantCreateProduction(
  db: Db,
  clock: Clock,
  actor: Actor,
  body: MerchantCreateProductionBody,
): Promise<ProductionView> {
  const merchantId = merchantOf(actor);
  return createProduction(db, { ...body, merchantId, status: 'draft' }, clock);
}

export async function merchantListProductions(
  db: Db,
  actor: Actor,
  query: MerchantProductionQuery,
): Promise<Page<ProductionSummaryView>> {
  const merchantId = merchantOf(actor);
  const { items, total } = await listProductions(db, {
    kind: query.kind,
    status: query.status,
    q: query.q,
    merchantId,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(items, total, query);
}

export async function merchantGetProduction(db: Db, actor: Actor, id: string): Promise<ProductionView> {
  return getProduction(db, id, merchantOf(actor));
}

export async function merchantUpdateProduction(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  body: MerchantUpdateProductionBody,
): Promise<ProductionView> {
  const merchantId = merchantOf(actor);
  return updateProduction(db, clock, { id, editor: 'merchant', merchantId }, body);
}
