import type { Db } from '../../../db/client.js';
import { systemClock, type Clock } from '../../../clock.js';
import { DomainError, notFound } from '../../../http/errors.js';
import { repricePoolUnits, repriceSeatUnits } from '../../inventory/index.js';
import { getVenueForScheduling } from '../../venues/index.js';
import * as repo from '../repo.js';
import type { SessionRecord, TierRecord } from '../repo.js';
import {
  adultPriceOf,
  assertCurrency,
  assertEditable,
  assertSalesWindow,
  assertTimes,
  firstDuplicate,
  occupiedWindow,
  policyPatched,
  priceByCategory,
  ticketTypesFor,
  type TicketType,
} from '../rules.js';
import type { PatchSessionInput } from '../schemas.js';
import { localDateOf } from '../zoned-time.js';
import { assertLicensed, schedulableProduction } from './context.js';
import { sessionView, type SessionView } from './views.js';

/**
 * New times re-run the checks a new session passes: licence for the local date, the hall's timetable.
 * (Entry-quota sessions never get here: their sales open when they are created, which locks them.)
 */
async function checkNewTimes(
  tx: Db,
  session: SessionRecord,
  startsAt: Date,
  endsAt: Date,
  now: Date,
): Promise<string> {
  assertTimes(startsAt, endsAt, now);
  const venue = await getVenueForScheduling(tx, session.merchantId, session.venueId);
  const localDate = localDateOf(startsAt, venue.timezone);
  const production = await schedulableProduction(tx, session.merchantId, session.productionId);
  await assertLicensed(tx, session.merchantId, production, localDate);
  if (session.hallId) {
    await repo.lockHall(tx, session.hallId);
    const clash = await repo.findClash(
      tx,
      session.hallId,
      occupiedWindow(startsAt, endsAt, venue.cleaningBufferMinutes),
      venue.cleaningBufferMinutes,
      session.id,
    );
    if (clash) {
      throw new DomainError('HALL_BUSY', 'The hall has another session then (cleaning buffer included)', {
        sessionId: clash,
        cleaningBufferMinutes: venue.cleaningBufferMinutes,
      });
    }
  }
  return localDate;
}

/** Tier edits: names and prices change; capacities are fixed once the places exist. */
function patchedTiers(session: SessionRecord, current: TierRecord[], input: PatchSessionInput['tiers']): TierRecord[] {
  if (!input) return current;
  if (session.mode === 'seated') {
    throw new DomainError('MODE_MISMATCH', 'A seated session has no tiers', { field: 'tiers', mode: session.mode });
  }
  const byId = new Map(current.map((tier) => [tier.id, { ...tier }]));
  for (const change of input) {
    const tier = byId.get(change.id);
    if (!tier) throw new DomainError('UNKNOWN_TIER', 'The session has no such tier', { tierId: change.id });
    if (change.capacity !== undefined && change.capacity !== tier.capacity) {
      throw new DomainError('CAPACITY_NOT_EDITABLE', `The capacity of tier "${tier.name}" is fixed once created`, {
        tierId: tier.id,
        capacity: tier.capacity,
      });
    }
    if (change.price !== undefined && session.mode === 'timed-entry') {
      throw new DomainError('MODE_MISMATCH', "A timed-entry pool's price is the adult ticket type's price", {
        field: 'tiers.price',
        mode: session.mode,
      });
    }
    tier.name = change.name ?? tier.name;
    tier.price = change.price ?? tier.price;
  }
  const tiers = [...byId.values()];
  const duplicate = firstDuplicate(tiers.map((tier) => tier.name));
  if (duplicate !== null) {
    throw new DomainError('DUPLICATE_ENTRY', `"${duplicate}" appears twice in tiers`, { field: 'tiers', value: duplicate });
  }
  return tiers;
}

/**
 * Changes a session's times, prices, ticket types or policy, only while its sales have not opened
 * (buyers have seen nothing yet, so every unit is free and takes the new prices).
 */
export async function updateSession(
  db: Db,
  merchantId: string,
  sessionId: string,
  input: PatchSessionInput,
  clock: Clock = systemClock,
): Promise<SessionView> {
  if (input.currency) assertCurrency(input.currency);
  const now = clock.now();
  await db.transaction(async (tx) => {
    const session = await repo.findSessionForUpdate(tx, merchantId, sessionId);
    if (!session) throw notFound('Session');
    assertEditable({ status: session.status, salesOpenAt: session.policy.salesOpenAt }, now);

    const startsAt = input.startsAt ? new Date(input.startsAt) : session.startsAt;
    const endsAt = input.endsAt
      ? new Date(input.endsAt)
      : new Date(startsAt.getTime() + (session.endsAt.getTime() - session.startsAt.getTime()));
    const timesChanged =
      startsAt.getTime() !== session.startsAt.getTime() || endsAt.getTime() !== session.endsAt.getTime();
    const localDate = timesChanged ? await checkNewTimes(tx, session, startsAt, endsAt, now) : session.localDate;
    const policy = policyPatched(session.policy, input.policy, session.startsAt, startsAt);
    assertSalesWindow(policy, endsAt);

    const currentPrices = await repo.listPrices(tx, [session.id]);
    const currentTiers = await repo.listTiers(tx, [session.id]);
    const currentTypes = await repo.listTicketTypes(tx, [session.id]);
    if (input.prices && session.mode !== 'seated') {
      throw new DomainError('MODE_MISMATCH', 'Prices per seat category are for seated sessions', {
        field: 'prices',
        mode: session.mode,
      });
    }
    // A seated session's categories are the ones it was created with: its seats are a copy of the map then.
    const prices = input.prices
      ? priceByCategory(
          currentPrices.map((price) => price.category),
          input.prices,
        )
      : new Map(currentPrices.map((price) => [price.category, price.price]));
    let tiers = patchedTiers(session, currentTiers, input.tiers);

    let types: TicketType[];
    if (session.mode === 'timed-entry') {
      types = input.ticketTypes ? ticketTypesFor('timed-entry', input.ticketTypes, 0) : currentTypes;
      const adultPrice = adultPriceOf(types);
      tiers = tiers.map((tier) => ({ ...tier, price: adultPrice }));
    } else {
      const cheapest = Math.min(...(session.mode === 'seated' ? [...prices.values()] : tiers.map((tier) => tier.price)));
      const given = input.ticketTypes ?? currentTypes.map((type) => ({ type: type.type, discount: type.discount ?? 0 }));
      types = ticketTypesFor(session.mode, given, cheapest);
    }

    await repo.updateSession(
      tx,
      session.id,
      { startsAt, endsAt, localDate, currency: input.currency ?? session.currency, policy },
      now,
    );
    if (input.prices) {
      const list = [...prices].map(([category, price]) => ({ category, price }));
      await repo.replacePrices(tx, session.id, list);
      await repriceSeatUnits(tx, session.id, list, now);
    }
    if (session.mode !== 'seated') {
      await repo.updateTiers(tx, session.id, tiers);
      await repricePoolUnits(
        tx,
        session.id,
        tiers.map((tier) => ({ tierId: tier.id, price: tier.price })),
        now,
      );
    }
    if (input.ticketTypes) {
      await repo.deleteTicketTypes(tx, session.id);
      await repo.insertTicketTypes(tx, [session.id], types);
    }
  });
  return sessionView(db, (await repo.findSession(db, sessionId))!, now);
}
