import type { Db } from '../../../db/client.js';
import { notFound } from '../../../http/errors.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import { getVenueForScheduling } from '../../venues/index.js';
import * as repo from '../repo.js';
import type { Policy, SessionMode, TicketType } from '../rules.js';
import type { SessionListQuery } from '../schemas.js';
import { sessionSummaries, sessionView, type SessionSummary, type SessionView } from './views.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listMerchantSessions(
  db: Db,
  merchantId: string,
  query: SessionListQuery,
  now: Date,
): Promise<Page<SessionSummary>> {
  const { rows, total } = await repo.listSessions(db, merchantId, query, query.pageSize, offsetOf(query));
  return pageOf(await sessionSummaries(db, rows, now), total, query);
}

/** One of the merchant's sessions; another merchant's reads as missing. */
export async function getMerchantSession(db: Db, merchantId: string, sessionId: string, now: Date): Promise<SessionView> {
  const session = await repo.findSession(db, sessionId);
  if (!session || session.merchantId !== merchantId) throw notFound('Session');
  return sessionView(db, session, now);
}

/** A session as buyers see it, cancelled ones included (they say so). */
export async function getPublicSession(db: Db, sessionId: string, now: Date): Promise<SessionView> {
  const session = await repo.findSession(db, sessionId);
  if (!session) throw notFound('Session');
  return sessionView(db, session, now);
}

/** Whether a session was cancelled: one read, for a hold that found nothing free. */
export async function isSessionCancelled(db: Db, sessionId: string): Promise<boolean> {
  const session = await repo.findSession(db, sessionId);
  return session?.status === 'cancelled';
}

/** When and where a session runs, and its policy: what tickets, the door and refunds need of it. */
export interface SessionSchedule {
  id: string;
  merchantId: string;
  venueId: string;
  status: 'scheduled' | 'cancelled';
  startsAt: Date;
  endsAt: Date;
  /** The venue's IANA zone. */
  timezone: string;
  policy: Policy;
}

/** A session's times, venue, zone and policy, in two reads (its prices, tiers and types are not read). */
export async function getSessionSchedule(db: Db, sessionId: string): Promise<SessionSchedule> {
  if (!UUID.test(sessionId)) throw notFound('Session');
  const session = await repo.findSession(db, sessionId);
  if (!session) throw notFound('Session');
  const venue = await getVenueForScheduling(db, session.merchantId, session.venueId);
  return {
    id: session.id,
    merchantId: session.merchantId,
    venueId: session.venueId,
    status: session.status,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    timezone: venue.timezone,
    policy: session.policy,
  };
}

/** Everything the orders module needs to hold, price and sell places of one session. */
export interface SessionForOrdering {
  id: string;
  merchantId: string;
  productionId: string;
  venueId: string;
  hallId: string | null;
  mode: SessionMode;
  status: 'scheduled' | 'cancelled';
  startsAt: Date;
  endsAt: Date;
  localDate: string;
  slotLabel: string | null;
  currency: string;
  /** The venue's IANA zone, for local dates and times on tickets. */
  timezone: string;
  policy: Policy;
  /** Seated: the base price per seat category (each seat unit carries its own copy as `price`). */
  prices: { category: string; price: number }[];
  /** Tiered: the tiers; timed-entry: the one entry pool, priced at the adult price. */
  tiers: { id: string; name: string; price: number; capacity: number }[];
  /**
   * Timed-entry: `price` per type. Seated and tiered: `discount` off the unit's price (the adult type
   * is always there, at 0). Orders naming no type buy `adult`.
   */
  ticketTypes: TicketType[];
}

/** Throws NOT_FOUND. Reads in the caller's transaction when given one. */
export async function getSessionForOrdering(db: Db, sessionId: string): Promise<SessionForOrdering> {
  if (!UUID.test(sessionId)) throw notFound('Session');
  const session = await repo.findSession(db, sessionId);
  if (!session) throw notFound('Session');
  const venue = await getVenueForScheduling(db, session.merchantId, session.venueId);
  const prices = await repo.listPrices(db, [session.id]);
  const tiers = await repo.listTiers(db, [session.id]);
  const ticketTypes = await repo.listTicketTypes(db, [session.id]);
  return {
    id: session.id,
    merchantId: session.merchantId,
    productionId: session.productionId,
    venueId: session.venueId,
    hallId: session.hallId,
    mode: session.mode,
    status: session.status,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    localDate: session.localDate,
    slotLabel: session.slotLabel,
    currency: session.currency,
    timezone: venue.timezone,
    policy: session.policy,
    prices: prices.map(({ category, price }) => ({ category, price })),
    tiers: tiers.map(({ id, name, price, capacity }) => ({ id, name, price, capacity })),
    ticketTypes: ticketTypes.map(({ type, price, discount }) => ({ type, price, discount })),
  };
}
