import { moneyOf } from '../../../http/money.js';
import type { BookingRow, PassRow, ProductRow } from '../repo.js';
import { entriesRemaining, passStatusOf } from '../rules.js';
import type { PassDetailView, PassView, ProductView } from '../schemas.js';

const iso = (value: Date | string): string => new Date(value).toISOString();

export function productView(row: ProductRow): ProductView {
  return {
    id: row.id,
    venueId: row.venueId,
    name: row.name,
    price: moneyOf(row.price, row.currency),
    validityDays: row.validityDays,
    entriesPerDay: row.entriesPerDay,
    totalEntries: row.totalEntries,
    productionId: row.productionId,
    onSale: row.onSale,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function passView(row: PassRow, now: Date): PassView {
  return {
    id: row.id,
    status: passStatusOf(row.status, new Date(row.expiresAt), now),
    product: { id: row.productId, name: row.productName, venueId: row.venueId, productionId: row.productionId },
    visitor: { id: row.visitorId, name: row.holderName, idType: row.holderIdType, idNumber: row.holderIdMasked },
    price: moneyOf(row.price, row.currency),
    validityDays: row.validityDays,
    validFrom: row.validFrom,
    validTo: row.validTo,
    entriesPerDay: row.entriesPerDay,
    totalEntries: row.totalEntries,
    entriesUsed: row.entriesUsed,
    entriesRemaining: entriesRemaining(row.totalEntries, row.entriesUsed),
    expiresAt: iso(row.expiresAt),
    paidAt: row.paidAt === null ? null : iso(row.paidAt),
    createdAt: iso(row.createdAt),
  };
}

export function passDetailView(row: PassRow, bookings: BookingRow[], now: Date): PassDetailView {
  return {
    ...passView(row, now),
    bookings: bookings.map((booking) => ({ ...booking, bookedAt: iso(booking.bookedAt) })),
  };
}
