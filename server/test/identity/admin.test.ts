import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { PERMISSION_NAMES } from '../../src/modules/identity/permissions.js';
import { grantMerchantRole } from '../../src/modules/identity/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { makeAdmin, registerCustomer, signIn, type SignedIn } from '../support/identity.js';

const MERCHANT = '0d6f7a52-3c1b-4e8f-9a7d-5b2c1e0f9a8b';
const OTHER_MERCHANT = '7c4e1f2a-9b3d-4a6e-8f1c-2d5b7a9e0c3f';

describe('identity: admin users, roles and groups', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, as: SignedIn | null, payload?: object) =>
    t.app.inject({ method, url, headers: as ? as.headers : {}, ...(payload ? { payload } : {}) });

  const roleId = async (name: string): Promise<string> => {
    const [row] = await queryRows<{ id: string }>(t.deps.database.db, sql`select id from role where name = ${name}`);
    return row!.id;
  };

  describe('access', () => {
    it('answers 401 to no token and to customer and merchant tokens', async () => {
      const customer = await registerCustomer(t);
      const merchant = await signIn(t, 'merchant', customer);
      for (const as of [null, customer, merchant]) {
        for (const url of ['/api/admin/users', '/api/admin/roles', '/api/admin/groups', '/api/admin/permissions']) {
          const response = await call('GET', url, as);
          expect(response.statusCode, url).toBe(401);
          expect(response.json().error.code).toBe('UNAUTHENTICATED');
        }
      }
    });

    it('answers 403 FORBIDDEN to an admin without the permission', async () => {
      const reader = await makeAdmin(t, { permissions: ['users.read'] });
      expect((await call('GET', '/api/admin/users', reader)).statusCode).toBe(200);
      const customer = await registerCustomer(t);
      const disable = await call('PATCH', `/api/admin/users/${customer.userId}`, reader, { status: 'disabled' });
      expect(disable.statusCode).toBe(403);
      expect(disable.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'users.manage' } });
      const role = await call('POST', '/api/admin/roles', reader, { name: 'nope', scope: 'platform', permissions: [] });
      expect(role.statusCode).toBe(403);

      const auditor = await makeAdmin(t, { permissions: ['audit.read'] });
      expect((await call('GET', '/api/admin/users', auditor)).statusCode).toBe(403);
    });

    it('needs roles.manage besides users.manage to grant roles', async () => {
      const manager = await makeAdmin(t, { permissions: ['users.read', 'users.manage'] });
      const response = await call('PATCH', `/api/admin/users/${manager.userId}`, manager, {
        roles: [{ roleId: await roleId('platform-admin') }],
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.details.permission).toBe('roles.manage');
    });
  });

  describe('users', () => {
    it('searches users by username, phone or nickname and status, paged, with roles and groups', async () => {
      const customer = await registerCustomer(t, { username: 'zhang_san_search', phone: '13655556666' });
      await call('PATCH', `/api/admin/users/${customer.userId}`, admin, {
        roles: [{ roleId: await roleId('merchant-gate'), merchantId: MERCHANT }],
      });
      const byName = await call('GET', '/api/admin/users?q=SAN_SEARCH', admin);
      expect(byName.statusCode).toBe(200);
      expect(byName.json()).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect(byName.json().items[0]).toMatchObject({
        id: customer.userId,
        phone: '136****6666',
        roles: [{ name: 'merchant-gate', scope: 'merchant', merchantId: MERCHANT }],
        groups: [],
      });
      expect((await call('GET', '/api/admin/users?q=5555666', admin)).json().items[0].id).toBe(customer.userId);
      expect((await call('GET', '/api/admin/users?q=%25', admin)).json().total).toBe(0);
      const paged = await call('GET', '/api/admin/users?pageSize=1&page=2', admin);
      expect(paged.json()).toMatchObject({ page: 2, pageSize: 1 });
      expect(paged.json().items).toHaveLength(1);
      expect(paged.json().total).toBeGreaterThan(2);
    });

    it('disables a user: their sessions end and sign-in is refused; enabling lets them back', async () => {
      const customer = await registerCustomer(t);
      const disabled = await call('PATCH', `/api/admin/users/${customer.userId}`, admin, { status: 'disabled' });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json().status).toBe('disabled');
      const refresh = await t.app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        payload: { refreshToken: customer.refreshToken },
      });
      expect(refresh.json().error.code).toBe('INVALID_TOKEN');
      const filtered = await call('GET', '/api/admin/users?status=disabled', admin);
      expect(filtered.json().items.map((user: { id: string }) => user.id)).toContain(customer.userId);

      await call('PATCH', `/api/admin/users/${customer.userId}`, admin, { status: 'active' });
      await signIn(t, 'customer', customer);
    });

    it('will not let an admin disable themselves', async () => {
      const response = await call('PATCH', `/api/admin/users/${admin.userId}`, admin, { status: 'disabled' });
      expect(response.statusCode).toBe(422);
      expect(response.json().error.code).toBe('CANNOT_DISABLE_SELF');
    });

    it('grants roles: a platform role opens the admin portal with its permissions', async () => {
      const customer = await registerCustomer(t);
      const granted = await call('PATCH', `/api/admin/users/${customer.userId}`, admin, {
        roles: [{ roleId: await roleId('platform-reviewer') }],
      });
      expect(granted.statusCode).toBe(200);
      const reviewer = await signIn(t, 'admin', customer);
      expect(reviewer.permissions.sort()).toEqual(['licences.review', 'merchants.review', 'reports.read', 'users.read']);
    });

    it('checks grants: unknown role 422 UNKNOWN_ROLE, scope mismatch 422 ROLE_SCOPE_MISMATCH, nothing changed', async () => {
      const customer = await registerCustomer(t);
      const unknown = await call('PATCH', `/api/admin/users/${customer.userId}`, admin, {
        roles: [{ roleId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }],
      });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().error.code).toBe('UNKNOWN_ROLE');
      const platformWithMerchant = await call('PATCH', `/api/admin/users/${customer.userId}`, admin, {
        roles: [{ roleId: await roleId('platform-admin'), merchantId: MERCHANT }],
      });
      expect(platformWithMerchant.json().error.code).toBe('ROLE_SCOPE_MISMATCH');
      const merchantWithout = await call('PATCH', `/api/admin/users/${customer.userId}`, admin, {
        status: 'disabled',
        roles: [{ roleId: await roleId('merchant-owner') }],
      });
      expect(merchantWithout.json().error.code).toBe('ROLE_SCOPE_MISMATCH');
      const after = (await call('GET', `/api/admin/users/${customer.userId}`, admin)).json();
      expect(after).toMatchObject({ status: 'active', roles: [] });
    });

    it('answers 404 for an unknown user', async () => {
      const response = await call('PATCH', '/api/admin/users/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', admin, { status: 'active' });
      expect(response.statusCode).toBe(404);
    });
  });

  describe('merchant portal claims', () => {
    it('picks the merchant asked for, else the oldest grant; refuses a merchant the user does not work for', async () => {
      const customer = await registerCustomer(t);
      await grantMerchantRole(t.deps.database.db, { userId: customer.userId, merchantId: MERCHANT, role: 'merchant-gate' });
      t.clock.advance(1000);
      await grantMerchantRole(t.deps.database.db, { userId: customer.userId, merchantId: OTHER_MERCHANT, role: 'merchant-owner' });

      const oldest = await signIn(t, 'merchant', customer);
      expect(oldest).toMatchObject({ merchantId: MERCHANT, permissions: ['merchant.checkin'] });
      const chosen = await signIn(t, 'merchant', customer, { merchantId: OTHER_MERCHANT });
      expect(chosen.merchantId).toBe(OTHER_MERCHANT);
      expect(chosen.permissions).toContain('merchant.staff.manage');

      const refreshed = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: chosen.refreshToken } });
      expect(refreshed.json().merchantId).toBe(OTHER_MERCHANT);

      const stranger = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { portal: 'merchant', username: customer.username, password: customer.password, merchantId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' },
      });
      expect(stranger.statusCode).toBe(403);
      expect(stranger.json().error.code).toBe('FORBIDDEN');
    });
  });

  describe('permissions and roles', () => {
    it('lists the permission catalogue', async () => {
      const response = await call('GET', '/api/admin/permissions', admin);
      expect(response.statusCode).toBe(200);
      const codes = response.json().map((p: { code: string }) => p.code);
      expect(codes).toEqual(PERMISSION_NAMES);
      expect(response.json()[0]).toMatchObject({ code: 'users.read', bit: 0, scope: 'platform', description: expect.any(String) });
    });

    it('lists roles with their permissions, built-in ones first', async () => {
      const response = await call('GET', '/api/admin/roles?scope=merchant', admin);
      expect(response.statusCode).toBe(200);
      const gate = response.json().items.find((role: { name: string }) => role.name === 'merchant-gate');
      expect(gate).toMatchObject({ scope: 'merchant', builtIn: true, permissions: ['merchant.checkin'] });
      expect(response.json().items.every((role: { scope: string }) => role.scope === 'merchant')).toBe(true);
    });

    it('creates, renames, changes and deletes a role; members pick up changes on refresh', async () => {
      const created = await call('POST', '/api/admin/roles', admin, {
        name: 'support-desk',
        description: 'Answers customers',
        scope: 'platform',
        permissions: ['users.read', 'audit.read'],
      });
      expect(created.statusCode).toBe(201);
      const role = created.json();
      expect(role).toMatchObject({ name: 'support-desk', scope: 'platform', builtIn: false, permissions: ['users.read', 'audit.read'] });

      const customer = await registerCustomer(t);
      await call('PATCH', `/api/admin/users/${customer.userId}`, admin, { roles: [{ roleId: role.id }] });
      const agent = await signIn(t, 'admin', customer);
      expect(agent.permissions).toEqual(['users.read', 'audit.read']);

      const changed = await call('PATCH', `/api/admin/roles/${role.id}`, admin, { name: 'support', permissions: ['audit.read'] });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ name: 'support', permissions: ['audit.read'] });
      const refreshed = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: agent.refreshToken } });
      expect(refreshed.json().permissions).toEqual(['audit.read']);

      expect((await call('DELETE', `/api/admin/roles/${role.id}`, admin)).statusCode).toBe(204);
      expect((await call('GET', `/api/admin/roles/${role.id}`, admin)).statusCode).toBe(404);
      const gone = await t.app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        payload: { refreshToken: refreshed.json().refreshToken },
      });
      expect(gone.statusCode).toBe(403);
    });

    it('refuses unknown permission codes and permissions outside the role scope, writing nothing', async () => {
      const before = await queryRows<{ n: number }>(t.deps.database.db, sql`select count(*)::int as n from role`);
      const unknown = await call('POST', '/api/admin/roles', admin, { name: 'bad-role', scope: 'platform', permissions: ['users.read', 'fly'] });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().error).toMatchObject({ code: 'UNKNOWN_PERMISSION', details: { codes: ['fly'] } });
      const misfit = await call('POST', '/api/admin/roles', admin, { name: 'bad-role', scope: 'merchant', permissions: ['users.read'] });
      expect(misfit.json().error.code).toBe('PERMISSION_SCOPE_MISMATCH');
      const reverse = await call('POST', '/api/admin/roles', admin, { name: 'bad-role', scope: 'platform', permissions: ['merchant.checkin'] });
      expect(reverse.json().error.code).toBe('PERMISSION_SCOPE_MISMATCH');
      const after = await queryRows<{ n: number }>(t.deps.database.db, sql`select count(*)::int as n from role`);
      expect(after[0]!.n).toBe(before[0]!.n);
    });

    it('refuses a taken role name with ROLE_NAME_TAKEN', async () => {
      const taken = await call('POST', '/api/admin/roles', admin, { name: 'Platform-Admin', scope: 'platform', permissions: [] });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.code).toBe('ROLE_NAME_TAKEN');
    });

    it('keeps built-in roles: no rename, no permission change, no delete; the description may change', async () => {
      const id = await roleId('platform-admin');
      const rename = await call('PATCH', `/api/admin/roles/${id}`, admin, { name: 'root' });
      expect(rename.statusCode).toBe(422);
      expect(rename.json().error.code).toBe('BUILT_IN_ROLE');
      const strip = await call('PATCH', `/api/admin/roles/${id}`, admin, { permissions: [] });
      expect(strip.json().error.code).toBe('BUILT_IN_ROLE');
      const remove = await call('DELETE', `/api/admin/roles/${id}`, admin);
      expect(remove.json().error.code).toBe('BUILT_IN_ROLE');
      const described = await call('PATCH', `/api/admin/roles/${id}`, admin, { description: 'The operators' });
      expect(described.statusCode).toBe(200);
      expect(described.json()).toMatchObject({ name: 'platform-admin', description: 'The operators' });
    });
  });

  describe('groups', () => {
    it('creates a group whose members share its roles, changes and deletes it', async () => {
      const [one, two] = [await registerCustomer(t), await registerCustomer(t)];
      const created = await call('POST', '/api/admin/groups', admin, {
        name: 'Night shift',
        description: 'Gate staff after 22:00',
        memberIds: [one.userId],
        roles: [{ roleId: await roleId('merchant-box-office'), merchantId: MERCHANT }],
      });
      expect(created.statusCode).toBe(201);
      const group = created.json();
      expect(group).toMatchObject({
        name: 'Night shift',
        memberCount: 1,
        members: [{ id: one.userId, username: one.username, nickname: null }],
        roles: [{ name: 'merchant-box-office', merchantId: MERCHANT }],
      });

      const staff = await signIn(t, 'merchant', one);
      expect(staff.merchantId).toBe(MERCHANT);
      expect(staff.permissions).toContain('merchant.refunds.manage');

      const listed = await call('GET', `/api/admin/users?q=${one.username}`, admin);
      expect(listed.json().items[0].groups).toEqual([{ id: group.id, name: 'Night shift' }]);

      const changed = await call('PATCH', `/api/admin/groups/${group.id}`, admin, { memberIds: [two.userId], name: 'Late shift' });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ name: 'Late shift', memberCount: 1, members: [{ id: two.userId }] });
      expect((await signIn(t, 'merchant', one)).merchantId).toBeNull();
      expect((await signIn(t, 'merchant', two)).merchantId).toBe(MERCHANT);

      const page = await call('GET', '/api/admin/groups', admin);
      expect(page.json().items.map((g: { id: string }) => g.id)).toContain(group.id);
      expect((await call('DELETE', `/api/admin/groups/${group.id}`, admin)).statusCode).toBe(204);
      expect((await call('GET', `/api/admin/groups/${group.id}`, admin)).statusCode).toBe(404);
    });

    it('refuses unknown members, taken names and mis-scoped grants, writing nothing', async () => {
      const count = async () =>
        (await queryRows<{ n: number }>(t.deps.database.db, sql`select count(*)::int as n from user_group`))[0]!.n;
      const before = await count();
      const unknown = await call('POST', '/api/admin/groups', admin, {
        name: 'Ghosts',
        memberIds: ['a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'],
      });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().error.code).toBe('UNKNOWN_USER');
      const misfit = await call('POST', '/api/admin/groups', admin, {
        name: 'Ghosts',
        roles: [{ roleId: await roleId('merchant-gate') }],
      });
      expect(misfit.json().error.code).toBe('ROLE_SCOPE_MISMATCH');
      expect(await count()).toBe(before);

      expect((await call('POST', '/api/admin/groups', admin, { name: 'Auditors' })).statusCode).toBe(201);
      const taken = await call('POST', '/api/admin/groups', admin, { name: 'AUDITORS' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.code).toBe('GROUP_NAME_TAKEN');
    });
  });
});
