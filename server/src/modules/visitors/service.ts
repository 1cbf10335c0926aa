import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../http/actor.js';
import { DomainError, notFound } from '../../http/errors.js';
import { offsetOf, pageOf, type Page } from '../../http/pagination.js';
import { decryptIdNumber, encryptIdNumber, hashIdNumber, idKeysOf, type IdKeys } from './id-crypto.js';
import * as repo from './repo.js';
import { maskIdNumber, validateIdNumber, VISITOR_LIMIT } from './rules.js';
import type { CreateVisitorBody, UpdateVisitorBody, VisitorQuery, VisitorView } from './schemas.js';

/** What the visitor use cases need: the database, the clock that stamps changes, the ID keys. */
export interface VisitorsContext {
  db: Db;
  clock: Clock;
  keys: IdKeys;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const visitorExists = (visitorId: string | null): DomainError =>
  new DomainError('VISITOR_EXISTS', 'You already saved a visitor with this ID', visitorId ? { visitorId } : undefined);

/**
 * Saves a real-name visitor for the signed-in customer. The clear number is checked, then only its
 * sealed, hashed and masked forms leave this function. Under the customer's lock, an ID saved before
 * is VISITOR_EXISTS and a 21st visitor VISITOR_LIMIT; the unique index stays the last word.
 */
export async function createVisitor(ctx: VisitorsContext, actor: Actor, body: CreateVisitorBody): Promise<VisitorView> {
  const now = ctx.clock.now();
  const idNumber = validateIdNumber(body.idType, body.idNumber, now);
  const id = randomUUID();
  const visitor: repo.NewVisitor = {
    id,
    userId: actor.userId,
    name: body.name.trim(),
    idType: body.idType,
    sealed: encryptIdNumber(ctx.keys, id, idNumber),
    idHash: hashIdNumber(ctx.keys, body.idType, idNumber),
    idMasked: maskIdNumber(body.idType, idNumber),
    phone: body.phone ?? null,
    at: now,
  };
  return ctx.db.transaction(async (tx) => {
    await repo.lockCustomerVisitors(tx, actor.userId);
    const existing = await repo.findLiveVisitorIdByHash(tx, actor.userId, visitor.idHash);
    if (existing) throw visitorExists(existing);
    if ((await repo.countLiveVisitors(tx, actor.userId)) >= VISITOR_LIMIT) {
      throw new DomainError('VISITOR_LIMIT', `You can keep at most ${VISITOR_LIMIT} visitors; delete one first`, {
        limit: VISITOR_LIMIT,
      });
    }
    const created = await repo.insertVisitor(tx, visitor);
    if (!created) throw visitorExists(await repo.findLiveVisitorIdByHash(tx, actor.userId, visitor.idHash));
    return created;
  });
}

export async function listVisitors(
  ctx: VisitorsContext,
  actor: Actor,
  query: VisitorQuery,
): Promise<Page<VisitorView>> {
  const { items, total } = await repo.listLiveVisitors(ctx.db, actor.userId, {
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(items, total, query);
}

/** One of the customer's live visitors; another customer's, or a deleted one, is NOT_FOUND. */
export async function getVisitor(ctx: VisitorsContext, actor: Actor, id: string): Promise<VisitorView> {
  const visitor = await repo.findLiveVisitor(ctx.db, actor.userId, id);
  if (!visitor) throw notFound('Visitor');
  return visitor;
}

/** Renames a visitor or changes their phone. The ID number cannot change: that is a new visitor. */
export async function updateVisitor(
  ctx: VisitorsContext,
  actor: Actor,
  id: string,
  body: UpdateVisitorBody,
): Promise<VisitorView> {
  const changes = { name: body.name?.trim(), phone: body.phone };
  const visitor = await repo.updateLiveVisitor(ctx.db, actor.userId, id, changes, ctx.clock.now());
  if (!visitor) throw notFound('Visitor');
  return visitor;
}

/**
 * Deletes a visitor from the customer's list. The row is kept, marked deleted, so tickets issued to
 * them keep their holder; it can no longer be listed or named in an order, and its ID may be saved anew.
 */
export async function deleteVisitor(ctx: VisitorsContext, actor: Actor, id: string): Promise<void> {
  if (!(await repo.softDeleteVisitor(ctx.db, actor.userId, id, ctx.clock.now()))) throw notFound('Visitor');
}

export type TicketingVisitor = repo.TicketingVisitorRow;

/**
 * The holders an order names, in the order given: `{id, name, idType, idHash, idMasked}`. Each must be a
 * live visitor of `userId` (else NOT_FOUND, `details.visitorIds` the missing ones), and no visitor nor
 * ID number may appear twice (VISITOR_DUPLICATE). Called inside the order's transaction, the visitors
 * stay locked against deletion until it ends.
 */
export async function getVisitorsForTicketing(
  db: Db,
  userId: string,
  visitorIds: readonly string[],
): Promise<TicketingVisitor[]> {
  const ids = visitorIds.map((id) => id.toLowerCase());
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length > 0) {
    throw new DomainError('VISITOR_DUPLICATE', 'The same visitor is named twice', {
      visitorIds: [...new Set(repeated)],
    });
  }
  // An id that is not a uuid names nothing; asking the database would be a type error, not a miss.
  const wellFormed = ids.filter((id) => UUID.test(id));
  const rows = wellFormed.length === 0 ? [] : await repo.findLiveVisitorsForTicketing(db, userId, wellFormed);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = visitorIds.filter((_, index) => !byId.has(ids[index]!));
  if (missing.length > 0) throw new DomainError('NOT_FOUND', 'Visitor not found', { visitorIds: missing });
  const visitors = ids.map((id) => byId.get(id)!);
  // One customer cannot save an ID twice (the unique index), so this guards the contract, not a known path.
  const sameId = visitors.filter((visitor, index) => visitors.findIndex((o) => o.idHash === visitor.idHash) !== index);
  if (sameId.length > 0) {
    const hashes = new Set(sameId.map((visitor) => visitor.idHash));
    throw new DomainError('VISITOR_DUPLICATE', 'Two visitors carry the same ID number', {
      visitorIds: visitors.filter((visitor) => hashes.has(visitor.idHash)).map((visitor) => visitor.id),
    });
  }
  return visitors;
}

/**
 * The clear ID number of a visitor, for the door's check at entry only: never sent to customers.
 * Works for deleted visitors too, whose tickets are still admitted. `masterKey` is config.idEncryptionKey.
 */
export async function revealIdNumber(db: Db, masterKey: Buffer, visitorId: string): Promise<string> {
  if (!UUID.test(visitorId)) throw notFound('Visitor');
  const row = await repo.findSealedIdNumber(db, visitorId);
  if (!row) throw notFound('Visitor');
  return decryptIdNumber(idKeysOf(masterKey), row.id, row.sealed);
}
