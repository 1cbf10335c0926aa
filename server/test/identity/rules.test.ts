import { describe, expect, it } from 'vitest';
import {
  CODE_MAX_ATTEMPTS,
  checkGrantScopes,
  checkRolePermissions,
  claimsFor,
  codeVerdict,
  maskPhone,
  normalizePhone,
  qrLoginStatus,
  resendWaitSeconds,
  type Grant,
} from '../../src/modules/identity/rules.js';
import { maskOf } from '../../src/modules/identity/permissions.js';

const now = new Date('2026-11-20T08:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('identity rules', () => {
  it('normalises +86 mainland numbers and masks phones', () => {
    expect(normalizePhone('+8613800138000')).toBe('13800138000');
    expect(normalizePhone('+85291234567')).toBe('+85291234567');
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('+85291234567')).toBe('+852****4567');
    expect(maskPhone('+14155550123')).toBe('+141****0123');
    expect(maskPhone('+1234567')).toBe('+1****67');
  });

  it('judges a code try', () => {
    const live = { attempts: 0, expiresAt: later(90), consumedAt: null };
    expect(codeVerdict(null, false, now)).toBe('missing');
    expect(codeVerdict(live, true, now)).toBe('valid');
    expect(codeVerdict(live, false, now)).toBe('wrong');
    expect(codeVerdict(live, true, later(90))).toBe('expired');
    expect(codeVerdict({ ...live, consumedAt: now }, true, now)).toBe('used');
    expect(codeVerdict({ ...live, attempts: CODE_MAX_ATTEMPTS }, true, now)).toBe('exhausted');
    expect(codeVerdict({ ...live, attempts: CODE_MAX_ATTEMPTS - 1 }, true, now)).toBe('valid');
  });

  it('waits 60 s between sends', () => {
    expect(resendWaitSeconds(null, now)).toBe(0);
    expect(resendWaitSeconds(now, later(0.5))).toBe(60);
    expect(resendWaitSeconds(now, later(59))).toBe(1);
    expect(resendWaitSeconds(now, later(60))).toBe(0);
  });

  describe('claims', () => {
    const grant = (over: Partial<Grant>): Grant => ({
      scope: 'platform',
      merchantId: null,
      grantedAt: now,
      permissions: [],
      ...over,
    });
    const m1 = '11111111-1111-4111-8111-111111111111';
    const m2 = '22222222-2222-4222-8222-222222222222';

    it('gives customers nothing', () => {
      expect(claimsFor('customer', [grant({ permissions: ['users.read'] })], null, true)).toEqual({
        permissions: 0n,
        merchantId: null,
      });
    });

    it('gives admins the union of their platform roles, and refuses users without one', () => {
      const claims = claimsFor(
        'admin',
        [grant({ permissions: ['users.read'] }), grant({ permissions: ['audit.read'] }), grant({ scope: 'merchant', merchantId: m1, permissions: ['merchant.checkin'] })],
        null,
        true,
      );
      expect(claims).toEqual({ permissions: maskOf(['users.read', 'audit.read']), merchantId: null });
      expect(() => claimsFor('admin', [grant({ scope: 'merchant', merchantId: m1, permissions: ['merchant.checkin'] })], null, true)).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
      expect(() => claimsFor('admin', [grant({ permissions: [] })], null, true)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    });

    it('gives merchant staff one merchant: the one asked for, else the oldest grant', () => {
      const grants = [
        grant({ scope: 'merchant', merchantId: m2, grantedAt: later(10), permissions: ['merchant.sales.read'] }),
        grant({ scope: 'merchant', merchantId: m1, grantedAt: now, permissions: ['merchant.checkin'] }),
        grant({ scope: 'merchant', merchantId: m1, grantedAt: later(20), permissions: ['merchant.refunds.manage'] }),
        grant({ permissions: ['users.read'] }),
      ];
      expect(claimsFor('merchant', grants, null, true)).toEqual({
        permissions: maskOf(['merchant.checkin', 'merchant.refunds.manage']),
        merchantId: m1,
      });
      expect(claimsFor('merchant', grants, m2, true)).toEqual({ permissions: maskOf(['merchant.sales.read']), merchantId: m2 });
      const stranger = '33333333-3333-4333-8333-333333333333';
      expect(() => claimsFor('merchant', grants, stranger, true)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(claimsFor('merchant', grants, stranger, false).merchantId).toBe(m1);
      expect(claimsFor('merchant', [], null, true)).toEqual({ permissions: 0n, merchantId: null });
    });
  });

  it('checks role permissions against the catalogue and the scope', () => {
    expect(checkRolePermissions('platform', ['users.read', 'users.read'])).toEqual(['users.read']);
    expect(() => checkRolePermissions('platform', ['nope'])).toThrow(expect.objectContaining({ code: 'UNKNOWN_PERMISSION' }));
    expect(() => checkRolePermissions('merchant', ['users.read'])).toThrow(
      expect.objectContaining({ code: 'PERMISSION_SCOPE_MISMATCH' }),
    );
    expect(() => checkRolePermissions('platform', ['merchant.checkin'])).toThrow(
      expect.objectContaining({ code: 'PERMISSION_SCOPE_MISMATCH' }),
    );
  });

  it('checks grant scopes and collapses duplicates', () => {
    const scopes = new Map([
      ['p', 'platform' as const],
      ['m', 'merchant' as const],
    ]);
    expect(checkGrantScopes([{ roleId: 'p' }, { roleId: 'p', merchantId: null }, { roleId: 'm', merchantId: 'x' }], scopes)).toEqual([
      { roleId: 'p', merchantId: null },
      { roleId: 'm', merchantId: 'x' },
    ]);
    expect(() => checkGrantScopes([{ roleId: 'q' }], scopes)).toThrow(expect.objectContaining({ code: 'UNKNOWN_ROLE' }));
    expect(() => checkGrantScopes([{ roleId: 'm' }], scopes)).toThrow(expect.objectContaining({ code: 'ROLE_SCOPE_MISMATCH' }));
    expect(() => checkGrantScopes([{ roleId: 'p', merchantId: 'x' }], scopes)).toThrow(
      expect.objectContaining({ code: 'ROLE_SCOPE_MISMATCH' }),
    );
  });

  it('tells a polling browser where its QR login stands', () => {
    const pending = { status: 'pending' as const, expiresAt: later(120), confirmedAt: null };
    expect(qrLoginStatus(pending, now)).toBe('pending');
    expect(qrLoginStatus(pending, later(120))).toBe('expired');
    const confirmed = { status: 'confirmed' as const, expiresAt: later(120), confirmedAt: later(100) };
    expect(qrLoginStatus(confirmed, later(130))).toBe('confirmed');
    expect(qrLoginStatus(confirmed, later(220))).toBe('expired');
    expect(qrLoginStatus({ ...confirmed, status: 'consumed' }, later(101))).toBe('expired');
  });
});
