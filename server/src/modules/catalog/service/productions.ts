import type { Db } from '../../../db/client.js';
import { systemClock, type Clock } from '../../../clock.js';
import { DomainError, notFound } from '../../../http/errors.js';
import * as directory from '../repo/directory.js';
import * as repo from '../repo/productions.js';
import {
  canTransition,
  changedFields,
  deletionOf,
  duplicateCredits,
  lockedFields,
  unusableCategories,
  type ContentField,
  type CreditInput,
  type Editor,
  type ProductionContent,
} from '../rules.js';
import type { ProductionKind, ProductionStatus, ProductionView } from '../schemas.js';
import '../errors.js';

/** What a new production is made of; the routes and the demo seed both come through here. */
export interface CreateProductionInput {
  kind: ProductionKind;
  title: string;
  durationMinutes: number;
  originalTitle?: string | null;
  synopsis?: string | null;
  categories?: string[];
  ageRating?: string | null;
  releaseDate?: string | null;
  posterUrl?: string | null;
  companyId?: string | null;
  people?: CreditInput[];
  /** Defaults to draft. */
  status?: 'draft' | 'pending-review' | 'published';
  /** The owning merchant of a performance or exhibition; null or absent for the platform's own. */
  merchantId?: string | null;
}

/** A change to a production: any description field, and a status to move to. */
export type ProductionPatch = Partial<Omit<ProductionContent, 'people'>> & {
  people?: CreditInput[];
  status?: ProductionStatus;
};

/**
 * Checks what a production points at: categories used for its kind, an existing company, existing
 * people credited once per role, and no merchant owning a movie.
 */
async function assertReferences(
  db: Db,
  production: { kind: ProductionKind; merchantId: string | null },
  fields: { categories?: string[]; companyId?: string | null; people?: CreditInput[] },
): Promise<void> {
  if (production.kind === 'movie' && production.merchantId !== null) {
    throw new DomainError(
      'MOVIE_IS_PLATFORM_CATALOGUE',
      'Movies come from the platform catalogue; a merchant offers performances and exhibitions',
    );
  }
  if (fields.categories !== undefined) {
    const known = await directory.kindsOfCategories(db, fields.categories);
    const unusable = unusableCategories(fields.categories, known, production.kind);
    if (unusable.length > 0) {
      throw new DomainError('UNKNOWN_CATEGORY', `No ${production.kind} category ${unusable.join(', ')}`, {
        codes: unusable,
        kind: production.kind,
      });
    }
  }
  if (fields.companyId && !(await directory.companyExists(db, fields.companyId))) {
    throw new DomainError('UNKNOWN_COMPANY', 'No such company', { companyId: fields.companyId });
  }
  if (fields.people !== undefined && fields.people.length > 0) {
    const duplicates = duplicateCredits(fields.people);
    if (duplicates.length > 0) {
      throw new DomainError('DUPLICATE_CREDIT', 'A person is credited twice in the same role', {
        credits: duplicates.map(({ personId, role }) => ({ personId, role })),
      });
    }
    const existing = await directory.existingPersonIds(db, fields.people.map((credit) => credit.personId));
    const missing = [...new Set(fields.people.map((credit) => credit.personId).filter((id) => !existing.has(id)))];
    if (missing.length > 0) {
      throw new DomainError('UNKNOWN_PERSON', 'No such person', { personIds: missing });
    }
  }
}

/** The production as the consoles show it: with its company and its credits in order. */
export async function productionView(db: Db, production: repo.StoredProduction): Promise<ProductionView> {
  const company = production.companyId ? await directory.findCompanySummary(db, production.companyId) : null;
  return { ...production, company, people: await repo.listCredits(db, production.id) };
}

/**
 * Creates a production with its credits, in one transaction: a reference that does not check out
 * leaves nothing behind. No actor: callers authorise first (the admin and merchant use cases below, or
 * the demo seed, which acts as the platform).
 */
export async function createProduction(
  db: Db,
  input: CreateProductionInput,
  clock: Clock = systemClock,
): Promise<ProductionView> {
  const merchantId = input.merchantId ?? null;
  return db.transaction(async (tx) => {
    await assertReferences(tx, { kind: input.kind, merchantId }, input);
    const production = await repo.insertProduction(
      tx,
      {
        kind: input.kind,
        title: input.title,
        originalTitle: input.originalTitle ?? null,
        synopsis: input.synopsis ?? null,
        categories: input.categories ?? [],
        durationMinutes: input.durationMinutes,
        ageRating: input.ageRating ?? null,
        releaseDate: input.releaseDate ?? null,
        posterUrl: input.posterUrl ?? null,
        companyId: input.companyId ?? null,
        merchantId,
        status: input.status ?? 'draft',
      },
      clock.now(),
    );
    if (input.people && input.people.length > 0) await repo.replaceCredits(tx, production.id, input.people);
    return productionView(tx, production);
  });
}

async function contentOf(db: Db, production: repo.StoredProduction, withPeople: boolean): Promise<ProductionContent> {
  const people = withPeople ? await repo.listCredits(db, production.id) : [];
  return {
    kind: production.kind,
    title: production.title,
    originalTitle: production.originalTitle,
    synopsis: production.synopsis,
    categories: production.categories,
    durationMinutes: production.durationMinutes,
    ageRating: production.ageRating,
    releaseDate: production.releaseDate,
    posterUrl: production.posterUrl,
    companyId: production.companyId,
    people: people.map(({ personId, role, characterName }) => ({ personId, role, characterName })),
  };
}

/**
 * Changes a production for an editor: locks the row, keeps what its status freezes, checks the new
 * references, writes the changed fields, then moves the status if asked (compare-and-set on the status
 * just read). `merchantId` scopes the lookup: another merchant's production is not found.
 */
export async function updateProduction(
  db: Db,
  clock: Clock,
  target: { id: string; editor: Editor; merchantId?: string },
  patch: ProductionPatch,
): Promise<ProductionView> {
  return db.transaction(async (tx) => {
    const current = await repo.findProduction(tx, target.id, { merchantId: target.merchantId, forUpdate: true });
    if (!current) throw notFound('Production');
    const { status, ...content } = patch;
    const changed = changedFields(await contentOf(tx, current, content.people !== undefined), content);
    const locked = lockedFields(target.editor, current.status, changed);
    if (locked.length > 0) {
      throw new DomainError('PRODUCTION_LOCKED', `A ${current.status} production keeps its ${locked.join(', ')}`, {
        status: current.status,
        fields: locked,
      });
    }
    const kind = content.kind ?? current.kind;
    const has = (field: ContentField) => changed.includes(field);
    await assertReferences(
      tx,
      { kind, merchantId: current.merchantId },
      {
        categories: has('categories') || has('kind') ? (content.categories ?? current.categories) : undefined,
        companyId: has('companyId') ? content.companyId : undefined,
        people: has('people') ? content.people : undefined,
      },
    );
    const now = clock.now();
    const { people, ...fields } = Object.fromEntries(changed.map((field) => [field, content[field]])) as Partial<
      ProductionContent
    >;
    if (Object.keys(fields).length > 0) await repo.updateProductionContent(tx, current.id, fields, now);
    if (people !== undefined) await repo.replaceCredits(tx, current.id, people);
    if (status !== undefined && status !== current.status) {
      await moveStatus(tx, now, { id: current.id, editor: target.editor, from: current.status, to: status });
    }
    return productionView(tx, (await repo.findProduction(tx, current.id))!);
  });
}

/** One status change by an editor, refused unless the rules allow it from the status the caller read. */
async function moveStatus(
  db: Db,
  now: Date,
  change: { id: string; editor: Editor; from: ProductionStatus; to: ProductionStatus; rejectionReason?: string },
): Promise<void> {
  const refuse = () =>
    new DomainError('INVALID_STATUS_TRANSITION', `A ${change.from} production cannot become ${change.to}`, {
      from: change.from,
      to: change.to,
    });
  if (!canTransition(change.editor, change.from, change.to)) throw refuse();
  const moved = await repo.changeStatus(db, change.id, change, now);
  if (!moved) throw refuse();
}

/**
 * The review outcome for a production in review: published, or back to draft with the reason kept
 * for its merchant. A production not (or no longer) in review answers INVALID_STATUS_TRANSITION.
 */
export async function reviewProduction(
  db: Db,
  clock: Clock,
  id: string,
  outcome: { to: 'published' } | { to: 'draft'; reason: string },
): Promise<ProductionView> {
  return db.transaction(async (tx) => {
    const current = await repo.findProduction(tx, id, { forUpdate: true });
    if (!current) throw notFound('Production');
    if (current.status !== 'pending-review') {
      throw new DomainError('INVALID_STATUS_TRANSITION', `A ${current.status} production is not in review`, {
        from: current.status,
        to: outcome.to,
      });
    }
    await moveStatus(tx, clock.now(), {
      id,
      editor: 'admin',
      from: 'pending-review',
      to: outcome.to,
      ...(outcome.to === 'draft' ? { rejectionReason: outcome.reason } : {}),
    });
    return productionView(tx, (await repo.findProduction(tx, id))!);
  });
}

/**
 * Deletes a draft; archives anything else, so orders and reports that name it keep their history.
 * Deleting an archived production changes nothing.
 */
export async function removeProduction(
  db: Db,
  clock: Clock,
  id: string,
): Promise<{ id: string; outcome: 'deleted' | 'archived' }> {
  return db.transaction(async (tx) => {
    const current = await repo.findProduction(tx, id, { forUpdate: true });
    if (!current) throw notFound('Production');
    if (deletionOf(current.status) === 'delete') {
      await repo.deleteDraft(tx, id);
      return { id, outcome: 'deleted' as const };
    }
    if (current.status !== 'archived') {
      await moveStatus(tx, clock.now(), { id, editor: 'admin', from: current.status, to: 'archived' });
    }
    return { id, outcome: 'archived' as const };
  });
}

/** Lower than pg_trgm's default 0.6, so one wrong character in a four-character Chinese title still matches. */
const SEARCH_THRESHOLD = 0.5;

export async function listProductions(db: Db, filter: repo.ProductionFilter) {
  return db.transaction(async (tx) => {
    if (filter.q !== undefined) await repo.useSearchThreshold(tx, SEARCH_THRESHOLD);
    return repo.listProductions(tx, filter);
  });
}

/** `get…`: the production or NOT_FOUND; scoped to a merchant when `merchantId` is given. */
export async function getProduction(db: Db, id: string, merchantId?: string): Promise<ProductionView> {
  const production = await repo.findProduction(db, id, { merchantId });
  if (!production) throw notFound('Production');
  return productionView(db, production);
}
