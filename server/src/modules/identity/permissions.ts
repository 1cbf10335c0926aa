import { DomainError } from '../../http/errors.js';

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

/** The built-in roles, created by the identity migration; merchant roles are granted per merchant. */
export const BUILT_IN_ROLES = {
  'platform-admin': ADMIN_PERMISSIONS,
  'platform-reviewer': ['users.read', 'merchants.review', 'licences.review', 'reports.read'],
  'merchant-owner': MERCHANT_PERMISSIONS,
  'merchant-manager': MERCHANT_PERMISSIONS.filter((name) => name !== 'merchant.staff.manage'),
  'merchant-box-office': ['merchant.sales.read', 'merchant.refunds.manage', 'merchant.checkin'],
  'merchant-gate': ['merchant.checkin'],
} as const satisfies Record<string, readonly Permission[]>;

/** Services call this before acting: the actor's token must carry the permission. */
export function assertPermission(actor: { permissions: bigint }, permission: Permission): void {
  if (!hasPermission(actor.permissions, permission)) {
    throw new DomainError('FORBIDDEN', `This needs the ${permission} permission`, { permission });
  }
}
