import type { Actor } from '../../../http/actor.js';
import { merchantIdOf } from '../../../http/actor.js';
import { assertPermission } from '../../identity/index.js';

/**
 * The merchant on whose schedule a merchant-portal actor may act: staff of an approved merchant whose
 * role carries `merchant.sessions.manage`. The use cases below take the merchant id only, so the demo
 * seed and the CLI call them without an actor.
 */
export function schedulingMerchantOf(actor: Actor): string {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.sessions.manage');
  return merchantId;
}
