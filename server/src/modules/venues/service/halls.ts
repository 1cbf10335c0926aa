import { merchantIdOf, type Actor } from '../../../http/actor.js';
import { DomainError, notFound } from '../../../http/errors.js';
import { offsetOf, pageOf, type Page, type PageQuery } from '../../../http/pagination.js';
import { assertPermission } from '../../identity/index.js';
import { seatMapFromPretix, type PretixPlan } from '../rules/pretix.js';
import { normaliseSeatMap, type SeatMapInput } from '../rules/seat-map.js';
import { findHallOfMerchant, hallNameTaken, insertHall, listHallsOfVenue, updateHall, type HallValues } from '../repo/halls.js';
import { findVenueOfMerchant } from '../repo/venues.js';
import type { Hall, HallInput, HallQuery, HallSummary } from '../schemas.js';
import type { VenuesContext } from './context.js';
import { presentHall, presentHallSummary } from './present.js';

export type HallBody = HallInput | PretixPlan;

const isPretixPlan = (body: HallBody): body is PretixPlan => 'zones' in body;

function formatMismatch(expected: 'pretix' | 'boxoffice'): DomainError {
  const problem =
    expected === 'pretix'
      ? 'with ?format=pretix the body must be a pretix seating plan'
      : 'a pretix seating plan needs ?format=pretix';
  return new DomainError('VALIDATION_FAILED', `The request is not valid: ${problem}`, {
    fields: [{ field: 'body', problem }],
  });
}

/** The hall's name and map from either format; the name of an import is the plan's unless `?name=` says. */
function hallInputOf(body: HallBody, query: HallQuery): { name: string; seatMap: SeatMapInput } {
  if (query.format === 'pretix') {
    if (!isPretixPlan(body)) throw formatMismatch('pretix');
    const name = (query.name ?? body.name).trim();
    if (name.length < 1 || name.length > 60) {
      throw new DomainError('VALIDATION_FAILED', 'The request is not valid: the hall needs a name of 1 to 60 characters', {
        fields: [{ field: 'querystring.name', problem: 'is required when the plan has no name of 1 to 60 characters' }],
      });
    }
    return { name, seatMap: seatMapFromPretix(body) };
  }
  if (isPretixPlan(body)) throw formatMismatch('boxoffice');
  return { name: (query.name ?? body.name).trim(), seatMap: body.seatMap };
}

function hallValuesOf(body: HallBody, query: HallQuery): HallValues {
  const input = hallInputOf(body, query);
  const normalised = normaliseSeatMap(input.seatMap);
  return {
    name: input.name,
    rows: normalised.map.rows,
    cols: normalised.map.cols,
    seatCount: normalised.seatCount,
    seatMap: normalised.map,
    categories: normalised.categories,
  };
}

const nameTaken = (name: string): DomainError =>
  new DomainError('HALL_NAME_TAKEN', `The venue has a hall named ${name} already`, { name });

export async function listHalls(
  ctx: VenuesContext,
  actor: Actor,
  venueId: string,
  query: PageQuery,
): Promise<Page<HallSummary>> {
  const venue = await findVenueOfMerchant(ctx.db, merchantIdOf(actor), venueId);
  if (!venue) throw notFound('Venue');
  const { rows, total } = await listHallsOfVenue(ctx.db, venue.id, { limit: query.pageSize, offset: offsetOf(query) });
  return pageOf(rows.map(presentHallSummary), total, query);
}

export async function getHall(ctx: VenuesContext, actor: Actor, venueId: string, hallId: string): Promise<Hall> {
  const found = await findHallOfMerchant(ctx.db, merchantIdOf(actor), hallId);
  if (!found || found.venue.id !== venueId) throw notFound('Hall');
  return presentHall(found.hall);
}

/** A new hall of an own venue (pending venues too: halls are set up while the review runs). */
export async function createHall(
  ctx: VenuesContext,
  actor: Actor,
  venueId: string,
  body: HallBody,
  query: HallQuery,
): Promise<Hall> {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.venues.manage');
  const values = hallValuesOf(body, query);
  return ctx.db.transaction(async (tx) => {
    // The venue's row lock orders every hall write of the venue, so name checks hold (see replaceHall).
    const venue = await findVenueOfMerchant(tx, merchantId, venueId, { lock: true });
    if (!venue) throw notFound('Venue');
    const hall = await insertHall(tx, venue.id, values, ctx.clock.now());
    if (!hall) throw nameTaken(values.name);
    return presentHall(hall);
  });
}

/**
 * Replaces a hall's name and map. Sessions created before keep the seats they copied, so the new
 * map applies to sessions created from now on.
 */
export async function replaceHall(
  ctx: VenuesContext,
  actor: Actor,
  venueId: string,
  hallId: string,
  body: HallBody,
  query: HallQuery,
): Promise<Hall> {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.venues.manage');
  const values = hallValuesOf(body, query);
  return ctx.db.transaction(async (tx) => {
    // The venue's row lock orders concurrent renames of its halls, so the name check below holds.
    const venue = await findVenueOfMerchant(tx, merchantId, venueId, { lock: true });
    const found = venue ? await findHallOfMerchant(tx, merchantId, hallId) : null;
    if (!venue || !found || found.venue.id !== venue.id) throw notFound('Hall');
    if (await hallNameTaken(tx, venue.id, values.name, hallId)) throw nameTaken(values.name);
    return presentHall(await updateHall(tx, hallId, values, ctx.clock.now()));
  });
}
