import { integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { StoredSeatMap } from './rules/seat-map.js';

/** Drizzle mirrors of migration 0004; the migration is the source of truth for constraints. */
export const merchant = pgTable('merchant', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  status: text('status').$type<MerchantStatus>().notNull(),
  applicantUserId: uuid('applicant_user_id'),
  rejectReason: text('reject_reason'),
  reviewedBy: uuid('reviewed_by'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const venue = pgTable('venue', {
  id: uuid('id').primaryKey().defaultRandom(),
  merchantId: uuid('merchant_id').notNull(),
  name: text('name').notNull(),
  kind: text('kind').$type<VenueKind>().notNull(),
  cityCode: text('city_code').notNull(),
  address: text('address').notNull(),
  latitude: numeric('latitude', { mode: 'number' }),
  longitude: numeric('longitude', { mode: 'number' }),
  timezone: text('timezone').notNull(),
  phone: text('phone'),
  cleaningBufferMinutes: integer('cleaning_buffer_minutes').notNull().default(15),
  status: text('status').$type<VenueStatus>().notNull(),
  rejectReason: text('reject_reason'),
  reviewedBy: uuid('reviewed_by'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const hall = pgTable('hall', {
  id: uuid('id').primaryKey().defaultRandom(),
  venueId: uuid('venue_id').notNull(),
  name: text('name').notNull(),
  rows: integer('rows').notNull(),
  cols: integer('cols').notNull(),
  seatCount: integer('seat_count').notNull(),
  seatMap: jsonb('seat_map').$type<StoredSeatMap>().notNull(),
  categories: text('categories').array().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export type MerchantStatus = 'pending' | 'approved' | 'rejected' | 'suspended';
export type VenueStatus = 'pending' | 'approved' | 'rejected';
export const VENUE_KINDS = ['cinema', 'theatre', 'museum', 'concert-hall', 'stadium'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];

export type MerchantRow = typeof merchant.$inferSelect;
export type VenueRow = typeof venue.$inferSelect;
export type HallRow = typeof hall.$inferSelect;
