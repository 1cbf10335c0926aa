import { merchantIdOf, type Actor } from '../../../http/actor.js';
import { DomainError, notFound } from '../../../http/errors.js';
import { offsetOf, pageOf, type Page, type PageQuery } from '../../../http/pagination.js';
import type { Db } from '../../../db/client.js';
import {
  assertPermission,
  findUserIdByLogin,
  grantMerchantRole,
  listMerchantStaff,
  revokeMerchantRoles,
} from '../../identity/index.js';
import { findMerchant } from '../repo/merchants.js';
import { leavesNoOwner, STAFF_ROLES, staffRolesOf } from '../rules/venue.js';
import type { StaffInput, StaffMember } from '../schemas.js';
import type { VenuesContext } from './context.js';

async function staffOf(db: Db, merchantId: string): Promise<StaffMember[]> {
  const staff = await listMerchantStaff(db, merchantId);
  return staff
    .map((member) => ({
      userId: member.userId,
      username: member.username,
      nickname: member.nickname,
      roles: staffRolesOf(member.roles),
    }))
    .sort((a, b) => a.username.localeCompare(b.username));
}

/**
 * Staff changes of one merchant run one at a time (its row is locked), so two owners removing each
 * other in parallel cannot leave the merchant without an owner.
 */
async function lockMerchant(db: Db, merchantId: string): Promise<void> {
  if (!(await findMerchant(db, merchantId, { lock: true }))) throw notFound('Merchant');
}

const lastOwner = (): DomainError =>
  new DomainError('LAST_OWNER', 'The merchant needs an owner: make someone else owner first');

export async function listStaff(ctx: VenuesContext, actor: Actor, query: PageQuery): Promise<Page<StaffMember>> {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.staff.manage');
  const staff = await staffOf(ctx.db, merchantId);
  return pageOf(staff.slice(offsetOf(query), offsetOf(query) + query.pageSize), staff.length, query);
}

/** Makes a registered user staff of the merchant with one role, replacing any role they had here. */
export async function setStaffRole(ctx: VenuesContext, actor: Actor, input: StaffInput): Promise<StaffMember> {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.staff.manage');
  return ctx.db.transaction(async (tx) => {
    await lockMerchant(tx, merchantId);
    const userId = await findUserIdByLogin(tx, input.login.trim());
    if (!userId) {
      throw new DomainError('UNKNOWN_USER', 'No user signs in with this username or phone', { login: input.login });
    }
    if (leavesNoOwner(await staffOf(tx, merchantId), userId, input.role)) throw lastOwner();
    await revokeMerchantRoles(tx, { userId, merchantId });
    await grantMerchantRole(tx, { userId, merchantId, role: STAFF_ROLES[input.role] });
    const member = (await staffOf(tx, merchantId)).find((candidate) => candidate.userId === userId);
    return member!;
  });
}

/** Takes every role at this merchant from a user; the last owner stays (422 LAST_OWNER). */
export async function removeStaff(ctx: VenuesContext, actor: Actor, userId: string): Promise<void> {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.staff.manage');
  await ctx.db.transaction(async (tx) => {
    await lockMerchant(tx, merchantId);
    const staff = await staffOf(tx, merchantId);
    if (!staff.some((member) => member.userId === userId)) throw notFound('Staff member');
    if (leavesNoOwner(staff, userId, null)) throw lastOwner();
    await revokeMerchantRoles(tx, { userId, merchantId });
    if ((await staffOf(tx, merchantId)).some((member) => member.userId === userId)) {
      // Roles held through a user group are the platform's to take away, in the admin console.
      throw new DomainError('CONFLICT', 'This user is staff through a user group; ask the platform to change the group');
    }
  });
}
