import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, leavesNoOwner, staffRolesOf, statusAfterEdit } from '../../src/modules/venues/rules/venue.js';

describe('venue rules', () => {
  it('accepts IANA zone names, fixing only the letter case', () => {
    expect(canonicalTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('America/Argentina/Salta')).toBe('America/Argentina/Salta');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it.each(['Mars/Olympus', '+08:00', 'GMT+8 ', '', 'Asia/Shanghai/../x', 'Beijing', 'CST', 'EST'])('refuses %j', (zone) => {
    expect(() => canonicalTimeZone(zone)).toThrow(expect.objectContaining({ code: 'INVALID_TIMEZONE' }));
  });

  it('sends an edited rejected venue back to review, and leaves other states', () => {
    expect(statusAfterEdit('rejected')).toBe('pending');
    expect(statusAfterEdit('approved')).toBe('approved');
    expect(statusAfterEdit('pending')).toBe('pending');
  });

  it('maps identity role names to staff roles, leaving custom roles out', () => {
    expect(staffRolesOf(['merchant-owner', 'merchant-gate', 'night-shift'])).toEqual(['owner', 'gate']);
  });

  it('keeps the last owner', () => {
    const staff = [
      { userId: 'a', roles: ['owner' as const] },
      { userId: 'b', roles: ['manager' as const] },
    ];
    expect(leavesNoOwner(staff, 'a', null)).toBe(true);
    expect(leavesNoOwner(staff, 'a', 'manager')).toBe(true);
    expect(leavesNoOwner(staff, 'a', 'owner')).toBe(false);
    expect(leavesNoOwner(staff, 'b', null)).toBe(false);
    expect(leavesNoOwner([...staff, { userId: 'c', roles: ['owner' as const] }], 'a', null)).toBe(false);
  });
});
