import type { Db } from '../../../db/client.js';
import { DomainError, notFound } from '../../../http/errors.js';
import type { IdType } from '../../visitors/index.js';
import * as repo from '../repo.js';
import { bookingRefusal, type BookingTarget } from '../rules.js';
import { isUuid } from './context.js';

/** What an order booked with a pass needs to know of the session it books. */
export interface PassBooking {
  passId: string;
  /** The customer placing the order: only their own pass books (another's is NOT_FOUND). */
  userId: string;
  /** The order being written in the same transaction; the booking names it. */
  orderId: string;
  session: BookingTarget & { id: string };
  now: Date;
}

/** The pass's visitor: the holder of the one place the order books. */
export interface PassHolder {
  visitorId: string;
  name: string;
  idType: IdType;
  idHash: string;
  idMasked: string;
  /** Admissions the booked day's ticket allows (the product's entries per day, as bought). */
  entriesPerDay: number;
}

/**
 * Books the session's local day with the customer's pass, in the caller's transaction (the order's),
 * so the day, the entry and the place are taken together or not at all. The pass is locked first:
 * its bookings and its payment take turns. PASS_NOT_VALID or PASS_ENTRIES_USED_UP when the rules
 * refuse (see `bookingRefusal`); PASS_ALREADY_BOOKED when the pass has a booking that day, which the
 * booking table's primary key decides even for parallel requests. Answers the holder.
 */
export async function bookPassDay(tx: Db, booking: PassBooking): Promise<PassHolder> {
  const pass = isUuid(booking.passId) ? await repo.findPass(tx, booking.passId, { userId: booking.userId, lock: true }) : null;
  if (!pass) throw notFound('Pass');
  const refusal = bookingRefusal(
    { ...pass, expiresAt: new Date(pass.expiresAt) },
    booking.session,
    booking.now,
  );
  if (refusal) throw refusal;
  const result = await repo.insertBooking(tx, {
    passId: pass.id,
    localDate: booking.session.localDate,
    sessionId: booking.session.id,
    orderId: booking.orderId,
    now: booking.now,
  });
  if (result === 'day-taken') {
    throw new DomainError('PASS_ALREADY_BOOKED', `The pass has a booking on ${booking.session.localDate} already`, {
      date: booking.session.localDate,
    });
  }
  if (result === 'used-up') {
    throw new DomainError('PASS_ENTRIES_USED_UP', 'Every entry of this pass is used', { totalEntries: pass.totalEntries });
  }
  return {
    visitorId: pass.visitorId,
    name: pass.holderName,
    idType: pass.holderIdType,
    idHash: pass.holderIdHash,
    idMasked: pass.holderIdMasked,
    entriesPerDay: pass.entriesPerDay,
  };
}

/**
 * The day and entry of a pass booking go back to the pass when its order is refunded (by the customer,
 * the merchant, or because the session was cancelled), in the refund's transaction. Nothing happens for
 * an order not booked with a pass.
 */
export async function releasePassDay(tx: Db, orderId: string, now: Date): Promise<void> {
  await repo.deleteBookingOfOrder(tx, orderId, now);
}
