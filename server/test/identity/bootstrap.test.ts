import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import {
  bootstrapIdentity,
  createAdmin,
  createUser,
  findUserIdByLogin,
  findUserSummaries,
  grantMerchantRole,
  listMerchantStaff,
  revokeMerchantRoles,
} from '../../src/modules/identity/index.js';
import { BUILT_IN_ROLES, PERMISSION_NAMES } from '../../src/modules/identity/permissions.js';
import { hashPassword } from '../../src/modules/identity/secrets.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { makeAdmin, registerCustomer, signIn } from '../support/identity.js';

const MERCHANT = '2e9b5c1d-7f3a-4b8e-9c6d-1a0f8e7d6c5b';

describe('identity: start-up data and the functions other modules use', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const snapshot = async () => {
    const [row] = await queryRows<Record<string, number>>(
      t.deps.database.db,
      sql`select (select count(*)::int from permission) as permissions,
                 (select count(*)::int from role where built_in) as roles,
                 (select count(*)::int from role_permission) as role_permissions,
                 (select count(*)::int from app_user where lower(username) = 'admin') as admins,
                 (select count(*)::int from user_role) as grants`,
    );
    return row;
  };

  it('creates the permissions, the built-in roles and the first admin, who signs in to the admin portal', async () => {
    const state = await snapshot();
    expect(state).toMatchObject({
      permissions: PERMISSION_NAMES.length,
      roles: Object.keys(BUILT_IN_ROLES).length,
      role_permissions: Object.values(BUILT_IN_ROLES).reduce((sum, list) => sum + list.length, 0),
      admins: 1,
    });
    const admin = await signIn(t, 'admin', { username: 'admin', password: 'admin123' });
    expect(admin.permissions).toHaveLength(8);
  });

  it('is idempotent, also when several processes start at once', async () => {
    const before = await snapshot();
    await bootstrapIdentity(t.deps);
    await Promise.all([bootstrapIdentity(t.deps), bootstrapIdentity(t.deps), bootstrapIdentity(t.deps)]);
    expect(await snapshot()).toEqual(before);
  });

  it('never overwrites the existing admin password, and puts built-in permissions back in step', async () => {
    await t.deps.database.db.execute(
      sql`update app_user set password_hash = ${await hashPassword('changed admin pw')} where username = 'admin'`,
    );
    await t.deps.database.db.execute(
      sql`delete from role_permission where role_id = (select id from role where name = 'merchant-gate')`,
    );
    await bootstrapIdentity(t.deps);
    await signIn(t, 'admin', { username: 'admin', password: 'changed admin pw' });
    const [gate] = await queryRows<{ n: number }>(
      t.deps.database.db,
      sql`select count(*)::int as n from role_permission rp join role r on r.id = rp.role_id where r.name = 'merchant-gate'`,
    );
    expect(gate!.n).toBe(1);
  });

  it('in development with the default account, logs at info that the admin is admin / admin123', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    await t.deps.database.db.execute(
      sql`update app_user set password_hash = ${await hashPassword('admin123')} where username = 'admin'`,
    );
    await bootstrapIdentity({ ...t.deps, logger, config: { ...t.config, env: 'development' } });
    expect(lines.join('')).toContain('admin / admin123');
    lines.length = 0;
    await bootstrapIdentity({ ...t.deps, logger, config: { ...t.config, env: 'production', adminPassword: 'a-real-secret-1' } });
    expect(lines.join('')).not.toContain('admin123');
  });

  it('creates users and admins for the seed and the CLI', async () => {
    const db = t.deps.database.db;
    const user = await createUser(db, { username: 'seed_user', password: 'seed password', phone: '+8613712345678', nickname: 'Seed' });
    expect(user).toMatchObject({ username: 'seed_user', phone: '137****5678', nickname: 'Seed' });
    await expect(createUser(db, { username: 'SEED_USER', password: 'seed password' })).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
    await expect(createUser(db, { username: 'x', password: 'seed password' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(createUser(db, { username: 'short_pw', password: 'short' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await createUser(db, { username: 'demo_short', password: 'demo123', policy: 'demo' });
    await signIn(t, 'customer', { username: 'demo_short', password: 'demo123' });

    await createAdmin(db, { username: 'ops_admin', password: 'ops password 1' });
    const ops = await signIn(t, 'admin', { username: 'ops_admin', password: 'ops password 1' });
    expect(ops.permissions).toContain('roles.manage');
  });

  it('finds users by login and summarises them', async () => {
    const db = t.deps.database.db;
    const customer = await registerCustomer(t);
    expect(await findUserIdByLogin(db, customer.username.toUpperCase())).toBe(customer.userId);
    expect(await findUserIdByLogin(db, customer.phone)).toBe(customer.userId);
    expect(await findUserIdByLogin(db, `+86${customer.phone}`)).toBe(customer.userId);
    expect(await findUserIdByLogin(db, 'nobody_here')).toBeNull();
    const summaries = await findUserSummaries(db, [customer.userId, 'not-a-uuid', MERCHANT]);
    expect([...summaries.keys()]).toEqual([customer.userId]);
    expect(summaries.get(customer.userId)).toEqual({ id: customer.userId, username: customer.username, nickname: null });
  });

  it('grants, lists and revokes merchant staff roles', async () => {
    const db = t.deps.database.db;
    const [owner, gate] = [await registerCustomer(t), await registerCustomer(t)];
    await grantMerchantRole(db, { userId: owner.userId, merchantId: MERCHANT, role: 'merchant-owner' });
    await grantMerchantRole(db, { userId: owner.userId, merchantId: MERCHANT, role: 'merchant-owner' });
    await grantMerchantRole(db, { userId: gate.userId, merchantId: MERCHANT, role: 'merchant-gate' });
    const staff = await listMerchantStaff(db, MERCHANT);
    expect(staff).toHaveLength(2);
    expect(staff.find((member) => member.userId === owner.userId)).toEqual({
      userId: owner.userId,
      username: owner.username,
      nickname: null,
      roles: ['merchant-owner'],
    });
    const signedIn = await signIn(t, 'merchant', owner);
    expect(signedIn.merchantId).toBe(MERCHANT);

    expect(await revokeMerchantRoles(db, { userId: gate.userId, merchantId: MERCHANT })).toBe(1);
    expect((await listMerchantStaff(db, MERCHANT)).map((member) => member.userId)).toEqual([owner.userId]);
    expect((await signIn(t, 'merchant', gate)).merchantId).toBeNull();
  });

  it('makes admins with a subset of permissions for other tests', async () => {
    const reader = await makeAdmin(t, { permissions: ['users.read'] });
    expect(reader.permissions).toEqual(['users.read']);
  });
});
