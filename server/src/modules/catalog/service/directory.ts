import type { Db } from '../../../db/client.js';
import { systemClock, type Clock } from '../../../clock.js';
import type { Actor } from '../../../http/actor.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import { assertPermission } from '../../identity/index.js';
import * as repo from '../repo/directory.js';
import type {
  CategoryQuery,
  CategoryView,
  CompanyQuery,
  CompanyView,
  CreateCompanyBody,
  CreatePersonBody,
  DirectoryQuery,
  PersonView,
} from '../schemas.js';

/** People and companies credited on productions, and the categories productions carry. */

export async function createPerson(db: Db, input: CreatePersonBody, clock: Clock = systemClock): Promise<PersonView> {
  return repo.insertPerson(
    db,
    { name: input.name, originalName: input.originalName ?? null, avatarUrl: input.avatarUrl ?? null },
    clock.now(),
  );
}

export async function createCompany(db: Db, input: CreateCompanyBody, clock: Clock = systemClock): Promise<CompanyView> {
  return repo.insertCompany(db, input, clock.now());
}

export async function adminCreatePerson(db: Db, clock: Clock, actor: Actor, body: CreatePersonBody): Promise<PersonView> {
  assertPermission(actor, 'catalog.manage');
  return createPerson(db, body, clock);
}

export async function adminListPeople(db: Db, actor: Actor, query: DirectoryQuery): Promise<Page<PersonView>> {
  assertPermission(actor, 'catalog.manage');
  const { items, total } = await repo.listPeople(db, { q: query.q, limit: query.pageSize, offset: offsetOf(query) });
  return pageOf(items, total, query);
}

export async function adminCreateCompany(
  db: Db,
  clock: Clock,
  actor: Actor,
  body: CreateCompanyBody,
): Promise<CompanyView> {
  assertPermission(actor, 'catalog.manage');
  return createCompany(db, body, clock);
}

export async function adminListCompanies(db: Db, actor: Actor, query: CompanyQuery): Promise<Page<CompanyView>> {
  assertPermission(actor, 'catalog.manage');
  const { items, total } = await repo.listCompanies(db, {
    q: query.q,
    kind: query.kind,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(items, total, query);
}

export async function listCategories(db: Db, query: CategoryQuery): Promise<CategoryView[]> {
  return repo.listCategories(db, query.kind);
}
