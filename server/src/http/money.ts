import { Type, type Static } from 'typebox';

/** Money on the wire: integer minor units (fen, cents) with an ISO 4217 currency (API.md). */
export const MoneySchema = Type.Object({
  amount: Type.Integer({ minimum: 0, description: 'integer minor units (fen, cents)' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. CNY' }),
});
export type Money = Static<typeof MoneySchema>;

/** Drivers answer bigint and numeric columns as strings; amounts are always whole minor units. */
export const moneyOf = (amount: string | number | bigint, currency: string): Money => ({
  amount: Number(amount),
  currency: currency.trim(),
});
