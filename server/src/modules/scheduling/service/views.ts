import type { Static } from 'typebox';
import type { Db } from '../../../db/client.js';
import { getProductionForScheduling } from '../../catalog/index.js';
import { availabilityOfSessions } from '../../inventory/index.js';
import { getHallForScheduling, getVenueForScheduling } from '../../venues/index.js';
import * as repo from '../repo.js';
import type { SessionRecord } from '../repo.js';
import type { MerchantSessionView, SessionListItem } from '../schemas.js';

export type SessionView = Static<typeof MerchantSessionView>;
export type SessionSummary = Static<typeof SessionListItem>;

const money = (amount: number, currency: string) => ({ amount, currency });

/** Whether buyers can buy now: scheduled, and within the sales window. */
export function isOnSale(session: SessionRecord, now: Date): boolean {
  return (
    session.status === 'scheduled' &&
    session.policy.salesOpenAt.getTime() <= now.getTime() &&
    now.getTime() < session.policy.salesCloseAt.getTime()
  );
}

function policyView(session: SessionRecord) {
  return {
    ...session.policy,
    salesOpenAt: session.policy.salesOpenAt.toISOString(),
    salesCloseAt: session.policy.salesCloseAt.toISOString(),
  };
}

/** The full view of one session: what it shows, where, at what prices, on what terms, with what left. */
// One query after another: inside a transaction they share one connection, which runs one at a time.
export async function sessionView(db: Db, session: SessionRecord, now: Date): Promise<SessionView> {
  const production = await getProductionForScheduling(db, session.productionId);
  const venue = await getVenueForScheduling(db, session.merchantId, session.venueId);
  const hall = session.hallId ? await getHallForScheduling(db, session.merchantId, session.hallId) : null;
  const prices = await repo.listPrices(db, [session.id]);
  const tiers = await repo.listTiers(db, [session.id]);
  const ticketTypes = await repo.listTicketTypes(db, [session.id]);
  const availability = await availabilityOfSessions(db, [session.id], now);
  const counts = availability.get(session.id)!;
  const currency = session.currency;
  return {
    id: session.id,
    merchantId: session.merchantId,
    productionId: session.productionId,
    venueId: session.venueId,
    hallId: session.hallId,
    mode: session.mode,
    status: session.status,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    localDate: session.localDate,
    slotLabel: session.slotLabel,
    currency,
    production: {
      id: production.id,
      kind: production.kind,
      title: production.title,
      durationMinutes: production.durationMinutes,
    },
    venue: { id: venue.id, name: venue.name, kind: venue.kind, cityCode: venue.cityCode, timezone: venue.timezone },
    hall: hall ? { id: hall.id, name: hall.name } : null,
    seatCategories: prices.map((price) => ({
      category: price.category,
      price: money(price.price, currency),
      seats: counts.byCategory.get(price.category)?.total ?? 0,
      available: counts.byCategory.get(price.category)?.available ?? 0,
    })),
    tiers: tiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      price: money(tier.price, currency),
      capacity: tier.capacity,
      available: counts.byTier.get(tier.id)?.available ?? 0,
    })),
    ticketTypes: ticketTypes.map((type) => ({
      type: type.type,
      price: type.price === null ? null : money(type.price, currency),
      discount: type.discount === null ? null : money(type.discount, currency),
    })),
    policy: policyView(session),
    capacity: counts.total,
    available: counts.available,
    onSale: isOnSale(session, now),
    cancelledAt: session.cancelledAt?.toISOString() ?? null,
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
  };
}

/** List rows with their availability, counted for the whole page in one query. */
export async function sessionSummaries(db: Db, sessions: readonly SessionRecord[], now: Date): Promise<SessionSummary[]> {
  const availability = await availabilityOfSessions(
    db,
    sessions.map((session) => session.id),
    now,
  );
  return sessions.map((session) => {
    const counts = availability.get(session.id)!;
    return {
      id: session.id,
      mode: session.mode,
      status: session.status,
      productionId: session.productionId,
      venueId: session.venueId,
      hallId: session.hallId,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      localDate: session.localDate,
      slotLabel: session.slotLabel,
      currency: session.currency,
      salesOpenAt: session.policy.salesOpenAt.toISOString(),
      salesCloseAt: session.policy.salesCloseAt.toISOString(),
      capacity: counts.total,
      available: counts.available,
    };
  });
}
