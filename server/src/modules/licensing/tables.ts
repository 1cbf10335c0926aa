import { bigint, char, date, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Drizzle mirror of migration 0005; the migration is the source of truth for constraints. */
export const licence = pgTable('licence', {
  id: uuid('id').primaryKey().defaultRandom(),
  merchantId: uuid('merchant_id').notNull(),
  productionId: uuid('production_id').notNull(),
  validFrom: date('valid_from').notNull(),
  validTo: date('valid_to').notNull(),
  feeAmount: bigint('fee_amount', { mode: 'number' }),
  feeCurrency: char('fee_currency', { length: 3 }),
  status: text('status').$type<'active' | 'revoked'>().notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export type LicenceRow = typeof licence.$inferSelect;
