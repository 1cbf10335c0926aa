import type { Db } from '../../../db/client.js';
import { systemClock, type Clock } from '../../../clock.js';
import { DomainError } from '../../../http/errors.js';
import { createPoolUnits, createSeatUnits } from '../../inventory/index.js';
import { getHallForScheduling, getVenueForScheduling, type HallForScheduling } from '../../venues/index.js';
import * as repo from '../repo.js';
import {
  adultPriceOf,
  assertCurrency,
  assertSalesWindow,
  assertTiers,
  assertTimes,
  occupiedWindow,
  policyWithDefaults,
  priceByCategory,
  ticketTypesFor,
  type SessionMode,
  type TicketType,
  type TierInput,
} from '../rules.js';
import type { CreateSessionInput } from '../schemas.js';
import { localDateOf } from '../zoned-time.js';
import { assertLicensed, assertVenueApproved, schedulableProduction } from './context.js';
import { sessionView, type SessionView } from './views.js';

/** The name of a timed-entry session's pool when the request does not name it. */
const ENTRY_POOL_NAME = 'General admission';

function mismatch(field: string, mode: SessionMode, message: string): DomainError {
  return new DomainError('MODE_MISMATCH', message, { field, mode });
}

/** Which fields each mode takes: checked before anything is read, so a malformed request costs nothing. */
function assertModeFields(input: CreateSessionInput): void {
  const { mode } = input;
  if (mode === 'seated') {
    if (!input.hallId) throw mismatch('hallId', mode, 'A seated session needs a hallId');
    if (!input.prices) throw mismatch('prices', mode, 'A seated session needs prices per seat category');
    if (input.tiers) throw mismatch('tiers', mode, 'A seated session is priced per seat category, not by tiers');
    if (input.capacity !== undefined) throw mismatch('capacity', mode, "A seated session's capacity is its hall's seats");
    return;
  }
  if (!input.venueId) throw mismatch('venueId', mode, `A ${mode} session needs a venueId`);
  if (input.hallId) throw mismatch('hallId', mode, `A ${mode} session has no seat map: give venueId only`);
  if (input.prices) throw mismatch('prices', mode, 'Prices per seat category are for seated sessions');
  if (mode === 'tiered') {
    if (!input.tiers) throw mismatch('tiers', mode, 'A tiered session needs its tiers');
    if (input.capacity !== undefined) throw mismatch('capacity', mode, "A tiered session's capacity is its tiers'");
    const unpriced = input.tiers.filter((tier) => tier.price === undefined);
    if (unpriced.length > 0) throw mismatch('tiers.price', mode, 'Every tier needs a price');
    return;
  }
  if (!input.ticketTypes) throw mismatch('ticketTypes', mode, 'A timed-entry session needs ticket types with prices');
  if ((input.tiers ? 1 : 0) + (input.capacity !== undefined ? 1 : 0) !== 1) {
    throw mismatch('capacity', mode, 'A timed-entry session has one entry pool: give capacity, or tiers with one entry');
  }
  if (input.tiers && input.tiers.length !== 1) {
    throw mismatch('tiers', mode, 'A timed-entry session has exactly one entry pool');
  }
}

interface Priced {
  /** Seated: the price of each seat category. */
  prices: Map<string, number> | null;
  tiers: TierInput[];
  types: TicketType[];
}

/** The session's prices: per seat category of the hall (seated), per tier, or the entry pool at the adult price. */
function pricesOf(input: CreateSessionInput, hall: HallForScheduling | null): Priced {
  if (input.mode === 'seated') {
    // The categories its seats actually carry: every seat must get a price.
    const categories = [...new Set(hall!.seats.map((seat) => seat.category))];
    const prices = priceByCategory(categories, input.prices!);
    const cheapest = Math.min(...prices.values());
    return { prices, tiers: [], types: ticketTypesFor('seated', input.ticketTypes, cheapest) };
  }
  if (input.mode === 'tiered') {
    const tiers = input.tiers!.map((tier) => ({ name: tier.name, price: tier.price!, capacity: tier.capacity }));
    assertTiers(tiers);
    const cheapest = Math.min(...tiers.map((tier) => tier.price));
    return { prices: null, tiers, types: ticketTypesFor('tiered', input.ticketTypes, cheapest) };
  }
  const types = ticketTypesFor('timed-entry', input.ticketTypes, 0);
  const adultPrice = adultPriceOf(types);
  const pool = input.tiers?.[0];
  if (pool?.price !== undefined && pool.price !== adultPrice) {
    throw mismatch('tiers.price', 'timed-entry', "A timed-entry pool's price is the adult ticket type's price");
  }
  const tiers = [{ name: pool?.name ?? ENTRY_POOL_NAME, price: adultPrice, capacity: pool?.capacity ?? input.capacity! }];
  assertTiers(tiers);
  return { prices: null, tiers, types };
}

/**
 * Puts a production on at a venue: checks the production, venue, licence and (seated) the hall's
 * timetable, then writes the session, its prices, tiers and ticket types and every one of its units in
 * one transaction. The hall is locked for the check and the insert, so two requests for one slot
 * cannot both pass. For callers without an HTTP actor (the demo seed); routes authorise first.
 */
export async function createSession(
  db: Db,
  merchantId: string,
  input: CreateSessionInput,
  clock: Clock = systemClock,
): Promise<SessionView> {
  assertModeFields(input);
  const currency = input.currency ?? 'CNY';
  assertCurrency(currency);
  const now = clock.now();

  const sessionId = await db.transaction(async (tx) => {
    const production = await schedulableProduction(tx, merchantId, input.productionId);
    const hall = input.mode === 'seated' ? await getHallForScheduling(tx, merchantId, input.hallId!) : null;
    if (hall && input.venueId && input.venueId !== hall.venueId) {
      throw mismatch('venueId', 'seated', 'The hall is not in that venue');
    }
    const venue = hall ? hall.venue : await getVenueForScheduling(tx, merchantId, input.venueId!);
    assertVenueApproved(venue);

    const startsAt = new Date(input.startsAt);
    const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(startsAt.getTime() + production.durationMinutes * 60_000);
    assertTimes(startsAt, endsAt, now);
    const policy = policyWithDefaults(input.policy, now, startsAt);
    assertSalesWindow(policy, endsAt);
    const priced = pricesOf(input, hall);
    const localDate = localDateOf(startsAt, venue.timezone);
    await assertLicensed(tx, merchantId, production, localDate);

    if (hall) {
      await repo.lockHall(tx, hall.id);
      const clash = await repo.findClash(
        tx,
        hall.id,
        occupiedWindow(startsAt, endsAt, venue.cleaningBufferMinutes),
        venue.cleaningBufferMinutes,
        null,
      );
      if (clash) {
        throw new DomainError('HALL_BUSY', `Hall "${hall.name}" has another session then (cleaning buffer included)`, {
          sessionId: clash,
          cleaningBufferMinutes: venue.cleaningBufferMinutes,
        });
      }
    }

    const id = await repo.insertSession(
      tx,
      {
        merchantId,
        productionId: production.id,
        venueId: venue.id,
        hallId: hall?.id ?? null,
        mode: input.mode,
        startsAt,
        endsAt,
        localDate,
        slotLabel: null,
        seatRows: hall?.rows ?? null,
        seatCols: hall?.cols ?? null,
        currency,
        policy,
      },
      now,
    );
    await repo.insertTicketTypes(tx, [id], priced.types);
    if (hall) {
      const prices = priced.prices!;
      await repo.replacePrices(
        tx,
        id,
        [...prices].map(([category, price]) => ({ category, price })),
      );
      await createSeatUnits(
        tx,
        id,
        hall.seats.map((seat) => ({
          seatKey: seat.seatKey,
          row: seat.row,
          col: seat.col,
          label: seat.label,
          type: seat.type,
          category: seat.category,
          section: seat.section,
          price: prices.get(seat.category)!,
        })),
      );
    } else {
      const tiers = await repo.insertTiers(
        tx,
        priced.tiers.map((tier, index) => ({ sessionId: id, ...tier, sortOrder: index })),
      );
      await createPoolUnits(
        tx,
        tiers.map((tier) => ({ sessionId: id, tierId: tier.id, capacity: tier.capacity, price: tier.price })),
      );
    }
    return id;
  });
  return sessionView(db, (await repo.findSession(db, sessionId))!, now);
}
