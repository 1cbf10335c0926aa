import type { Db } from '../../../db/client.js';
import { systemClock, type Clock } from '../../../clock.js';
import { DomainError, notFound } from '../../../http/errors.js';
import { createPoolUnits } from '../../inventory/index.js';
import { getVenueForScheduling } from '../../venues/index.js';
import * as repo from '../repo.js';
import type { NewSession } from '../repo.js';
import {
  adultPriceOf,
  assertCurrency,
  assertQuotaRequest,
  policyWithDefaults,
  ticketTypesFor,
} from '../rules.js';
import type { EntryQuotaInput } from '../schemas.js';
import { addDays, localDateOf, zonedToUtc } from '../zoned-time.js';
import { assertLicensed, assertVenueApproved, schedulableProduction } from './context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EntryQuotaSession {
  id: string;
  localDate: string;
  slotLabel: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  created: boolean;
}

export interface EntryQuotaResult {
  created: number;
  skipped: number;
  sessions: EntryQuotaSession[];
}

export interface EntryQuotaOptions {
  clock?: Clock;
  /** Units one call may create; the HTTP route sets MAX_QUOTA_UNITS_PER_REQUEST, the CLI none. */
  maxUnits?: number;
  /** Called after each day is written (the CLI's progress bar). */
  onDay?: (progress: { localDate: string; created: number; skipped: number; done: number; days: number }) => void;
}

/**
 * Opens daily entry quotas: one timed-entry session per day of `from`..`to` (the venue's local days)
 * and slot, each with its entry pool and units. Slot times are the venue's wall-clock times, turned
 * into instants day by day, so a daylight-saving change in the range keeps 09:00 at 09:00. Day slots
 * that exist already, or have already begun, are skipped: repeating a request changes nothing twice.
 * One transaction: a refused day (no licence, say) writes nothing at all. Sales of each slot open now
 * and close when the slot ends, so visitors can still buy while it runs.
 */
export async function openEntryQuotas(
  db: Db,
  merchantId: string,
  venueId: string,
  input: EntryQuotaInput,
  options: EntryQuotaOptions = {},
): Promise<EntryQuotaResult> {
  const clock = options.clock ?? systemClock;
  const currency = input.currency ?? 'CNY';
  assertCurrency(currency);
  const types = ticketTypesFor('timed-entry', input.ticketTypes, 0);
  const adultPrice = adultPriceOf(types);
  const now = clock.now();

  return db.transaction(async (tx) => {
    const venue = await getVenueForScheduling(tx, merchantId, venueId);
    const production = await schedulableProduction(tx, merchantId, input.productionId);
    assertVenueApproved(venue);
    const days = assertQuotaRequest(input.from, input.to, input.slots, localDateOf(now, venue.timezone));
    const unitsAsked = days * input.slots.reduce((sum, slot) => sum + slot.capacity, 0);
    if (options.maxUnits !== undefined && unitsAsked > options.maxUnits) {
      throw new DomainError(
        'QUOTA_TOO_LARGE',
        `This would create ${unitsAsked} entry places; one request creates at most ${options.maxUnits} (use the open-quotas command)`,
        { units: unitsAsked, maximum: options.maxUnits },
      );
    }
    await repo.lockEntrySlots(tx, venue.id, production.id);

    const result: EntryQuotaResult = { created: 0, skipped: 0, sessions: [] };
    for (let day = 0; day < days; day++) {
      const localDate = addDays(input.from, day);
      await assertLicensed(tx, merchantId, production, localDate);
      const wanted: NewSession[] = [];
      for (const slot of input.slots) {
        const startsAt = zonedToUtc(localDate, slot.startsAt, venue.timezone);
        const endsAt = slot.endsAt
          ? zonedToUtc(localDate, slot.endsAt, venue.timezone)
          : new Date(startsAt.getTime() + production.durationMinutes * 60_000);
        if (startsAt.getTime() <= now.getTime()) continue;
        const policy = policyWithDefaults(input.policy, now, endsAt);
        wanted.push({
          merchantId,
          productionId: production.id,
          venueId: venue.id,
          hallId: null,
          mode: 'timed-entry',
          startsAt,
          endsAt,
          localDate,
          slotLabel: slot.label,
          seatRows: null,
          seatCols: null,
          currency,
          policy,
        });
      }
      const created = await repo.insertEntrySessions(tx, wanted, now);
      const capacityOf = new Map(input.slots.map((slot) => [slot.label, slot.capacity]));
      const tiers = await repo.insertTiers(
        tx,
        created.map((session) => ({
          sessionId: session.id,
          name: session.slotLabel,
          price: adultPrice,
          capacity: capacityOf.get(session.slotLabel)!,
          sortOrder: 0,
        })),
      );
      await repo.insertTicketTypes(
        tx,
        created.map((session) => session.id),
        types,
      );
      await createPoolUnits(
        tx,
        tiers.map((tier) => ({ sessionId: tier.sessionId, tierId: tier.id, capacity: tier.capacity, price: tier.price })),
      );

      const createdIds = new Set(created.map((session) => session.id));
      const labels = new Set(input.slots.map((slot) => slot.label));
      const existing = await repo.listEntrySessions(tx, venue.id, production.id, [localDate]);
      const capacities = new Map(
        (await repo.listTiers(tx, existing.map((session) => session.id))).map((tier) => [tier.sessionId, tier.capacity]),
      );
      for (const session of existing.filter((row) => labels.has(row.slotLabel!))) {
        result.sessions.push({
          id: session.id,
          localDate,
          slotLabel: session.slotLabel!,
          startsAt: session.startsAt.toISOString(),
          endsAt: session.endsAt.toISOString(),
          capacity: capacities.get(session.id) ?? 0,
          created: createdIds.has(session.id),
        });
      }
      result.created += created.length;
      const skippedToday = input.slots.length - created.length;
      result.skipped += skippedToday;
      options.onDay?.({ localDate, created: created.length, skipped: skippedToday, done: day + 1, days });
    }
    return result;
  });
}

/** Entry quotas opened by an operator (the CLI): on behalf of the merchant that owns the venue. */
export async function openEntryQuotasForVenue(
  db: Db,
  venueId: string,
  input: EntryQuotaInput,
  options: EntryQuotaOptions = {},
): Promise<EntryQuotaResult> {
  const merchantId = UUID.test(venueId) ? await repo.findVenueMerchant(db, venueId) : null;
  if (!merchantId) throw notFound('Venue');
  return openEntryQuotas(db, merchantId, venueId, input, options);
}
