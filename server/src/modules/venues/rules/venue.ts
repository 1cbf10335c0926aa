import { DomainError } from '../../../http/errors.js';
import type { VenueStatus } from '../tables.js';

/**
 * Venue zones are IANA Area/Location names (`Asia/Shanghai`, `America/Argentina/Salta`) or `UTC`:
 * no offsets like `+08:00` and no abbreviations like `CST`, which the runtime would guess at.
 */
const ZONE_NAME = /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/**
 * The venue's time zone as stored: an IANA name the runtime's zone database knows, spelled the way
 * the database spells it when only the letter case differs. Otherwise 422 INVALID_TIMEZONE.
 */
export function canonicalTimeZone(zone: string): string {
  let resolved: string | null = null;
  if (ZONE_NAME.test(zone)) {
    try {
      resolved = new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      resolved = null;
    }
  }
  if (!resolved) {
    throw new DomainError('INVALID_TIMEZONE', `${zone} is not an IANA time zone name`, { timezone: zone });
  }
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
}

/**
 * Editing a rejected venue sends it back for review (the merchant fixed what the reviewer named);
 * a pending or approved venue keeps its state.
 */
export const statusAfterEdit = (status: VenueStatus): VenueStatus => (status === 'rejected' ? 'pending' : status);

/** The staff roles a merchant hands out, and the identity roles behind them. */
export const STAFF_ROLES = {
  owner: 'merchant-owner',
  manager: 'merchant-manager',
  'box-office': 'merchant-box-office',
  gate: 'merchant-gate',
} as const;
export type StaffRole = keyof typeof STAFF_ROLES;
export type MerchantRoleName = (typeof STAFF_ROLES)[StaffRole];

const STAFF_ROLE_OF = new Map<string, StaffRole>(
  Object.entries(STAFF_ROLES).map(([staffRole, roleName]) => [roleName, staffRole as StaffRole]),
);

/** The staff roles among a user's merchant roles; custom roles an admin made are left out. */
export const staffRolesOf = (roleNames: readonly string[]): StaffRole[] =>
  roleNames.flatMap((name) => {
    const role = STAFF_ROLE_OF.get(name);
    return role ? [role] : [];
  });

/**
 * A merchant always keeps an owner: removing a user, or giving them another role, must not take the
 * owner role from its last holder. `newRole` null means the user is removed.
 */
export function leavesNoOwner(
  staff: readonly { userId: string; roles: readonly StaffRole[] }[],
  userId: string,
  newRole: StaffRole | null,
): boolean {
  if (newRole === 'owner') return false;
  const owners = staff.filter((member) => member.roles.includes('owner'));
  return owners.length > 0 && owners.every((owner) => owner.userId === userId);
}
