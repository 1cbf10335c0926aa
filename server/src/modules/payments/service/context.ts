import type { Logger } from 'pino';
import type { ModuleDeps } from '../../../app.js';
import type { Clock } from '../../../clock.js';
import type { Config, RsaKeyPair } from '../../../config.js';
import type { Db } from '../../../db/client.js';
import { DomainError } from '../../../http/errors.js';
import type { Payable, Payables } from '../index.js';
import { alipayProvider, type AlipayExec } from '../providers/alipay.js';
import { sandboxProvider } from '../providers/sandbox.js';
import { stripeProvider, type StripeHttpClient } from '../providers/stripe.js';
import type { PaymentProvider } from '../providers/types.js';
import type { ProviderName } from '../rules.js';

/**
 * The providers' network, where tests may replace it: Alipay's `exec` (trade query and refund) and
 * Stripe's HTTP client. Everything above them (signing, verification, the SDKs) runs for real.
 */
export interface PaymentNetwork {
  alipayExec?: AlipayExec;
  stripeHttpClient?: StripeHttpClient;
}

/** What the payment use cases need: the database, the clock, the configured providers and the payables. */
export interface PaymentsContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
  paymentWindowMinutes: number;
  providers: Partial<Record<ProviderName, PaymentProvider>>;
  payables: Payables;
  /** The sandbox's signing keys, for its hosted page; absent when the sandbox is off. */
  sandboxKeys: RsaKeyPair | undefined;
}

export function paymentsContext(
  deps: Pick<ModuleDeps, 'config' | 'database' | 'clock' | 'logger'> & { paymentNetwork?: PaymentNetwork },
  payables: Payables,
): PaymentsContext {
  const { config } = deps;
  const db = deps.database.db;
  return {
    db,
    clock: deps.clock,
    logger: deps.logger,
    publicUrl: config.publicUrl.replace(/\/+$/, ''),
    paymentWindowMinutes: config.paymentWindowMinutes,
    providers: providersOf(config, db, deps.paymentNetwork ?? {}),
    payables,
    sandboxKeys: config.sandboxKeys,
  };
}

function providersOf(config: Config, db: Db, network: PaymentNetwork): PaymentsContext['providers'] {
  const providers: PaymentsContext['providers'] = {};
  if (config.sandboxKeys) providers.sandbox = sandboxProvider(db, config.sandboxKeys, config.publicUrl);
  if (config.alipay) providers.alipay = alipayProvider(config.alipay, network.alipayExec);
  if (config.stripe) providers.stripe = stripeProvider(config.stripe, network.stripeHttpClient);
  return providers;
}

/** The provider by name; PROVIDER_NOT_CONFIGURED when this server has no keys for it. */
export function providerOf(ctx: PaymentsContext, name: string): PaymentProvider {
  const provider = ctx.providers[name as ProviderName];
  if (!provider) {
    throw new DomainError('PROVIDER_NOT_CONFIGURED', `Payments through ${name} are not set up on this server`, {
      provider: name,
    });
  }
  return provider;
}

/** The payable of a subject kind; a kind nobody registered reads as a missing subject. */
export function payableOf(ctx: PaymentsContext, kind: string): Payable {
  const payable = ctx.payables[kind];
  if (!payable) throw new DomainError('NOT_FOUND', `Nothing of kind ${kind} can be paid for`);
  return payable;
}

/** Ends what the payables keep open (their seat-map publishers), so their last changes are sent. */
export async function closePayables(ctx: PaymentsContext): Promise<void> {
  await Promise.all(Object.values(ctx.payables).map((payable) => payable.close?.()));
}
