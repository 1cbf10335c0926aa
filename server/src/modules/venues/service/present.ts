import type { MerchantRow, VenueRow, HallRow } from '../tables.js';
import type { Application, Hall, HallSummary, Venue } from '../schemas.js';

const iso = (date: Date): string => date.toISOString();
const isoOrNull = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function presentVenue(row: VenueRow): Venue {
  return {
    id: row.id,
    merchantId: row.merchantId,
    name: row.name,
    kind: row.kind,
    cityCode: row.cityCode,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    timezone: row.timezone,
    phone: row.phone,
    cleaningBufferMinutes: row.cleaningBufferMinutes,
    status: row.status,
    rejectReason: row.rejectReason,
    reviewedAt: isoOrNull(row.reviewedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function presentMerchant(row: MerchantRow, venues: VenueRow[]): Application {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    rejectReason: row.rejectReason,
    reviewedAt: isoOrNull(row.reviewedAt),
    createdAt: iso(row.createdAt),
    venues: venues.filter((venue) => venue.merchantId === row.id).map(presentVenue),
  };
}

export function presentHallSummary(row: Omit<HallRow, 'seatMap'>): HallSummary {
  return {
    id: row.id,
    venueId: row.venueId,
    name: row.name,
    rows: row.rows,
    cols: row.cols,
    seatCount: row.seatCount,
    categories: row.categories,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function presentHall(row: HallRow): Hall {
  return { ...presentHallSummary(row), seatMap: row.seatMap };
}
