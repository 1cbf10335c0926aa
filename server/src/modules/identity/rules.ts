import { DomainError } from '../../http/errors.js';
import type { Portal } from '../../http/actor.js';
import {
  ADMIN_PERMISSIONS,
  MERCHANT_PERMISSIONS,
  PERMISSIONS,
  maskOf,
  scopeOfPermission,
  type Permission,
  type RoleScope,
} from './permissions.js';

/** SMS codes: 6 digits, valid 90 s, 5 tries, one send per phone and purpose per 60 s. */
export const CODE_TTL_SECONDS = 90;
export const CODE_MAX_ATTEMPTS = 5;
export const CODE_RESEND_SECONDS = 60;
/** A QR login request lives 2 minutes; once approved, the browser has as long again to collect its tokens. */
export const QR_LOGIN_TTL_SECONDS = 120;
/** The per-account sign-in budget (`config.rateLimitPerAccount`) counts over this window. */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** A mainland mobile number, or any number in E.164. */
export const PHONE_PATTERN = '^(1[3-9][0-9]{9}|\\+[1-9][0-9]{6,14})$';
export const USERNAME_PATTERN = '^[A-Za-z0-9_.-]{3,32}$';

/** One phone, one spelling: `+86` followed by a mainland mobile is stored as the 11 digits. */
export function normalizePhone(phone: string): string {
  const mainland = /^\+86(1[3-9][0-9]{9})$/.exec(phone);
  return mainland ? mainland[1]! : phone;
}

/**
 * `13800138000` → `138****8000`; longer E.164 numbers keep their country code and last four digits,
 * short ones two at each end, so at least four digits are always hidden.
 */
export function maskPhone(phone: string): string {
  if (/^1[3-9][0-9]{9}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  const long = phone.length >= 11;
  const head = long ? Math.max(3, phone.length - 8) : 2;
  return `${phone.slice(0, head)}****${phone.slice(-(long ? 4 : 2))}`;
}

/** The account a sign-in attempt counts against, whichever way it names it. */
export const accountKeyOf = (login: { username?: string; phone?: string }): string =>
  login.username !== undefined ? `u:${login.username.toLowerCase()}` : `p:${normalizePhone(login.phone ?? '')}`;

export interface StoredCode {
  attempts: number;
  expiresAt: Date;
  consumedAt: Date | null;
}

export type CodeVerdict = 'valid' | 'wrong' | 'missing' | 'expired' | 'used' | 'exhausted';

/**
 * Whether a try of an SMS code succeeds. Only the newest code of a phone and purpose counts; a wrong
 * guess burns one of its tries, and after five wrong ones even the right code is refused.
 */
export function codeVerdict(code: StoredCode | null, matches: boolean, now: Date): CodeVerdict {
  if (!code) return 'missing';
  if (code.consumedAt) return 'used';
  if (code.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (code.attempts >= CODE_MAX_ATTEMPTS) return 'exhausted';
  return matches ? 'valid' : 'wrong';
}

/** Seconds until another code may be sent to the phone, 0 when one may be sent now. */
export function resendWaitSeconds(lastSentAt: Date | null, now: Date): number {
  if (!lastSentAt) return 0;
  const wait = lastSentAt.getTime() + CODE_RESEND_SECONDS * 1000 - now.getTime();
  return wait > 0 ? Math.ceil(wait / 1000) : 0;
}

/** One role grant as the token's claims see it, direct or through a group. */
export interface Grant {
  scope: RoleScope;
  merchantId: string | null;
  grantedAt: Date;
  permissions: string[];
}

export interface Claims {
  permissions: bigint;
  merchantId: string | null;
}

const ADMIN_MASK = maskOf(ADMIN_PERMISSIONS);
const MERCHANT_MASK = maskOf(MERCHANT_PERMISSIONS);

/**
 * What a portal's token carries for a user with these grants.
 * - admin: the permissions of platform roles; a user without any admin permission may not sign in.
 * - merchant: open to everyone; the permissions of the merchant-scoped roles of one merchant: the one
 *   asked for (`strict`: it must be one of the user's; otherwise a gone merchant falls back), else the
 *   merchant of the oldest grant.
 * - customer: no permissions.
 */
export function claimsFor(portal: Portal, grants: Grant[], requestedMerchantId: string | null, strict: boolean): Claims {
  if (portal === 'customer') return { permissions: 0n, merchantId: null };
  if (portal === 'admin') {
    const mask = grants
      .filter((grant) => grant.scope === 'platform' && grant.merchantId === null)
      .reduce((sum, grant) => sum | maskOf(grant.permissions), 0n);
    if ((mask & ADMIN_MASK) === 0n) {
      throw new DomainError('FORBIDDEN', 'This account has no admin role');
    }
    return { permissions: mask & ADMIN_MASK, merchantId: null };
  }
  const staff = grants
    .filter((grant) => grant.scope === 'merchant' && grant.merchantId !== null)
    .sort((a, b) => a.grantedAt.getTime() - b.grantedAt.getTime());
  const requested = requestedMerchantId ? staff.find((grant) => grant.merchantId === requestedMerchantId) : undefined;
  if (requestedMerchantId && !requested && strict) {
    throw new DomainError('FORBIDDEN', 'This account is not staff of that merchant', { merchantId: requestedMerchantId });
  }
  const merchantId = (requested ?? staff[0])?.merchantId ?? null;
  if (!merchantId) return { permissions: 0n, merchantId: null };
  const mask = staff
    .filter((grant) => grant.merchantId === merchantId)
    .reduce((sum, grant) => sum | maskOf(grant.permissions), 0n);
  return { permissions: mask & MERCHANT_MASK, merchantId };
}

/** A role's permissions must all exist and all fit its scope. */
export function checkRolePermissions(scope: RoleScope, codes: readonly string[]): Permission[] {
  const unknown = codes.filter((code) => !(code in PERMISSIONS));
  if (unknown.length > 0) {
    throw new DomainError('UNKNOWN_PERMISSION', `Unknown permission: ${unknown.join(', ')}`, { codes: unknown });
  }
  const permissions = [...new Set(codes as Permission[])];
  const misfits = permissions.filter((code) => scopeOfPermission(code) !== scope);
  if (misfits.length > 0) {
    throw new DomainError(
      'PERMISSION_SCOPE_MISMATCH',
      scope === 'merchant'
        ? 'A merchant role may hold only merchant.* permissions'
        : 'A platform role may not hold merchant.* permissions',
      { codes: misfits },
    );
  }
  return permissions;
}

export interface RoleGrantInput {
  roleId: string;
  merchantId?: string | null;
}

/** Grants of merchant roles name their merchant; grants of platform roles must not. Duplicates collapse. */
export function checkGrantScopes(
  grants: readonly RoleGrantInput[],
  scopes: ReadonlyMap<string, RoleScope>,
): { roleId: string; merchantId: string | null }[] {
  const unknown = [...new Set(grants.map((grant) => grant.roleId).filter((roleId) => !scopes.has(roleId)))];
  if (unknown.length > 0) {
    throw new DomainError('UNKNOWN_ROLE', 'Some roles do not exist', { roleIds: unknown });
  }
  const seen = new Map<string, { roleId: string; merchantId: string | null }>();
  for (const grant of grants) {
    const scope = scopes.get(grant.roleId);
    const merchantId = grant.merchantId ?? null;
    if ((scope === 'merchant') !== (merchantId !== null)) {
      const message =
        scope === 'merchant'
          ? 'A merchant role is granted for one merchant: give merchantId'
          : 'A platform role takes no merchantId';
      throw new DomainError('ROLE_SCOPE_MISMATCH', message, { roleId: grant.roleId });
    }
    seen.set(`${grant.roleId}/${merchantId ?? ''}`, { roleId: grant.roleId, merchantId });
  }
  return [...seen.values()];
}

export type QrLoginState = 'pending' | 'confirmed' | 'consumed' | 'expired';

/** How a QR login request looks to the browser polling it at `now`. */
export function qrLoginStatus(
  request: { status: QrLoginState; expiresAt: Date; confirmedAt: Date | null },
  now: Date,
): 'pending' | 'confirmed' | 'expired' {
  if (request.status === 'pending') return request.expiresAt.getTime() > now.getTime() ? 'pending' : 'expired';
  if (request.status === 'confirmed' && request.confirmedAt) {
    return request.confirmedAt.getTime() + QR_LOGIN_TTL_SECONDS * 1000 > now.getTime() ? 'confirmed' : 'expired';
  }
  return 'expired';
}

/** Bad input found past the schema (a field combination), in the schema's own error shape. */
export function invalidInput(field: string, problem: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `The request is not valid: ${field} ${problem}`, {
    fields: [{ field, problem }],
  });
}
