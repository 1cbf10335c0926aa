import type { Db } from '../../../db/client.js';
import type { Clock } from '../../../clock.js';
import type { Actor } from '../../../http/actor.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import { assertPermission } from '../../identity/index.js';
import type {
  AdminCreateProductionBody,
  AdminProductionQuery,
  AdminUpdateProductionBody,
  ProductionSummaryView,
  ProductionView,
} from '../schemas.js';
import {
  createProduction,
  getProduction,
  listProductions,
  removeProduction,
  reviewProduction,
  updateProduction,
} from './productions.js';

/** The platform's catalogue work: every use case here needs `catalog.manage`. */

export async function adminCreateProduction(
  db: Db,
  clock: Clock,
  actor: Actor,
  body: AdminCreateProductionBody,
): Promise<ProductionView> {
  assertPermission(actor, 'catalog.manage');
  return createProduction(db, { ...body, merchantId: null }, clock);
}

export async function adminListProductions(
  db: Db,
  actor: Actor,
  query: AdminProductionQuery,
): Promise<Page<ProductionSummaryView>> {
  assertPermission(actor, 'catalog.manage');
  const { items, total } = await listProductions(db, {
    kind: query.kind,
    status: query.status,
    q: query.q,
    merchantId: query.merchantId,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(items, total, query);
}

export async function adminGetProduction(db: Db, actor: Actor, id: string): Promise<ProductionView> {
  assertPermission(actor, 'catalog.manage');
  return getProduction(db, id);
}

export async function adminUpdateProduction(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  body: AdminUpdateProductionBody,
): Promise<ProductionView> {
  assertPermission(actor, 'catalog.manage');
  return updateProduction(db, clock, { id, editor: 'admin' }, body);
}

export async function adminDeleteProduction(db: Db, clock: Clock, actor: Actor, id: string) {
  assertPermission(actor, 'catalog.manage');
  return removeProduction(db, clock, id);
}

export async function adminPublishProduction(db: Db, clock: Clock, actor: Actor, id: string): Promise<ProductionView> {
  assertPermission(actor, 'catalog.manage');
  return reviewProduction(db, clock, id, { to: 'published' });
}

export async function adminRejectProduction(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  reason: string,
): Promise<ProductionView> {
  assertPermission(actor, 'catalog.manage');
  return reviewProduction(db, clock, id, { to: 'draft', reason });
}
