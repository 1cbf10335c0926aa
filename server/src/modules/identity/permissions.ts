import { DomainError } from '../../http/errors.js';
import type { Actor } from '../../http/actor.js';

/**
 * The permission catalogue. Each permission is one bit of the bitmask a token carries (the seeds'
 * Linux-style mask), so a route checks a permission with one AND. Bits are stable: never renumber one;
 * retire a bit by leaving it unused. Admin-portal bits come from roles with no merchant scope;
 * merchant-portal bits from roles scoped to the merchant the user works for.
 */
export const PERMISSIONS = {
  'users.read': 0,
  'users.manage': 1,
  'roles.manage': 2,
  'merchants.review': 3,
  'catalog.manage': 4,
  'licences.review': 5,
  'reports.read': 6,
  'audit.read': 7,

  'merchant.venues.manage': 16,
  'merchant.productions.manage': 17,
  'merchant.licences.manage': 18,
  'merchant.sessions.manage': 19,
  'merchant.sales.read': 20,
  'merchant.refunds.manage': 21,
  'merchant.checkin': 22,
  'merchant.staff.manage': 23,
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** What each permission allows, as shown in the admin console's catalogue. */
export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  'users.read': 'See users, roles, groups and the permission catalogue',
  'users.manage': 'Disable and re-enable users',
  'roles.manage': 'Create and change roles and groups, and grant them to users',
  'merchants.review': 'Approve or reject merchant applications and venues',
  'catalog.manage': 'Edit the movie catalogue and approve productions',
  'licences.review': 'Review screening licences',
  'reports.read': 'Read platform-wide sales and box-office reports',
  'audit.read': 'Read the audit log',
  'merchant.venues.manage': 'Manage the merchant’s venues and halls',
  'merchant.productions.manage': 'Manage the merchant’s performances and exhibitions',
  'merchant.licences.manage': 'Apply for screening licences',
  'merchant.sessions.manage': 'Schedule sessions, prices and entry quotas',
  'merchant.sales.read': 'Read the merchant’s orders and sales reports',
  'merchant.refunds.manage': 'Refund the merchant’s orders',
  'merchant.checkin': 'Check tickets in at the door',
  'merchant.staff.manage': 'Grant and revoke the merchant’s staff roles',
};

/** A role's scope decides which permissions it may hold: merchant roles only `merchant.*` ones. */
export type RoleScope = 'platform' | 'merchant';
export const scopeOfPermission = (permission: Permission): RoleScope =>
  permission.startsWith('merchant.') ? 'merchant' : 'platform';

export const ADMIN_PERMISSIONS = PERMISSION_NAMES.filter((name) => !name.startsWith('merchant.'));
export const MERCHANT_PERMISSIONS = PERMISSION_NAMES.filter((name) => name.startsWith('merchant.'));

export const bitOf = (permission: Permission): bigint => 1n << BigInt(PERMISSIONS[permission]);

export function maskOf(permissions: readonly string[]): bigint {
  let mask = 0n;
  for (const name of permissions) {
    if (name in PERMISSIONS) mask |= bitOf(name as Permission);
  }
  return mask;
}

export const namesOf = (mask: bigint): Permission[] => PERMISSION_NAMES.filter((name) => (mask & bitOf(name)) !== 0n);

export const hasPermission = (mask: bigint, permission: Permission): boolean => (mask & bitOf(permission)) !== 0n;

/** The built-in roles, kept in step at start by bootstrapIdentity; merchant roles are granted per merchant. */
export const BUILT_IN_ROLES = {
  'platform-admin': ADMIN_PERMISSIONS,
  'platform-reviewer': ['users.read', 'merchants.review', 'licences.review', 'reports.read'],
  'merchant-owner': MERCHANT_PERMISSIONS,
  'merchant-manager': MERCHANT_PERMISSIONS.filter((name) => name !== 'merchant.staff.manage'),
  'merchant-box-office': ['merchant.sales.read', 'merchant.refunds.manage', 'merchant.checkin'],
  'merchant-gate': ['merchant.checkin'],
} as const satisfies Record<string, readonly Permission[]>;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;
export type MerchantRoleName = Extract<BuiltInRole, `merchant-${string}`>;

export const BUILT_IN_ROLE_DESCRIPTIONS: Record<BuiltInRole, string> = {
  'platform-admin': 'Runs the platform: every admin permission',
  'platform-reviewer': 'Reviews merchants and licences, reads users and reports',
  'merchant-owner': 'Owns a merchant: every merchant permission, staff included',
  'merchant-manager': 'Runs a merchant day to day: everything but staff',
  'merchant-box-office': 'Sells at the counter: sales, refunds and check-in',
  'merchant-gate': 'Checks tickets in at the door',
};

export const scopeOfRole = (name: BuiltInRole): RoleScope => (name.startsWith('merchant-') ? 'merchant' : 'platform');

/** Services call this before acting: the actor's token must carry the permission. */
export function assertPermission(actor: { permissions: bigint }, permission: Permission): void {
  if (!hasPermission(actor.permissions, permission)) {
    throw new DomainError('FORBIDDEN', `This needs the ${permission} permission`, { permission });
  }
}

/**
 * An actor holding every permission of its portal, for operator tooling that acts as a real user
 * (the demo seed acting as the merchant's owner or the first admin); requests never get one.
 */
export function operatorActor(userId: string, portal: 'merchant' | 'admin', merchantId: string | null = null): Actor {
  return {
    userId,
    portal,
    permissions: maskOf(portal === 'admin' ? ADMIN_PERMISSIONS : MERCHANT_PERMISSIONS),
    merchantId,
  };
}
