import type { Db } from '../../../db/client.js';
import { moneyOf, type Money } from '../../../http/money.js';
import * as repo from '../repo.js';

export interface PaymentSummary {
  id: string;
  provider: string;
  status: 'pending' | 'paid' | 'failed';
  amount: Money;
  payUrl: string | null;
  createdAt: string;
  paidAt: string | null;
}

export interface RefundSummary {
  id: string;
  /** null when nothing was paid through a provider (an order booked with an annual pass). */
  paymentId: string | null;
  amount: Money;
  fee: Money;
  status: 'pending' | 'succeeded' | 'failed';
  reason: string | null;
  initiatedBy: string;
  createdAt: string;
  completedAt: string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** The payments of a subject, oldest first, as its owner's page shows them. */
export async function listPaymentsOf(db: Db, kind: string, subjectId: string): Promise<PaymentSummary[]> {
  return (await repo.listPaymentsOf(db, kind, subjectId)).map((row) => ({
    id: row.id,
    provider: row.provider,
    status: row.status,
    amount: moneyOf(row.amount, row.currency),
    payUrl: row.status === 'pending' ? row.pay_url : null,
    createdAt: iso(row.created_at),
    paidAt: row.paid_at === null ? null : iso(row.paid_at),
  }));
}

export async function listRefundsOf(db: Db, kind: string, subjectId: string): Promise<RefundSummary[]> {
  return (await repo.listRefundsOf(db, kind, subjectId)).map((row) => ({
    id: row.id,
    paymentId: row.payment_id,
    amount: moneyOf(row.amount, row.currency),
    fee: moneyOf(row.fee, row.currency),
    status: row.status,
    reason: row.reason,
    initiatedBy: row.initiated_by,
    createdAt: iso(row.created_at),
    completedAt: row.completed_at === null ? null : iso(row.completed_at),
  }));
}
