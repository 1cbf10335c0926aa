import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { createUser } from '../../src/modules/identity/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createActor, type TestActor } from '../support/actors.js';
import { createApprovedMerchant, signAs, venueCounts, type ApprovedMerchant } from '../support/venues.js';

describe('merchant staff', () => {
  let t: TestApp;
  let merchant: ApprovedMerchant;

  beforeAll(async () => {
    t = await createTestApp();
    merchant = await createApprovedMerchant(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const addStaff = (body: unknown, actor: TestActor = merchant.owner) =>
    t.app.inject({ method: 'POST', url: '/api/merchant/staff', headers: actor.headers, payload: body as object });
  const removeStaff = (userId: string, actor: TestActor = merchant.owner) =>
    t.app.inject({ method: 'DELETE', url: `/api/merchant/staff/${userId}`, headers: actor.headers });
  const listStaff = async (of: ApprovedMerchant = merchant) =>
    (await t.app.inject({ method: 'GET', url: '/api/merchant/staff?pageSize=100', headers: of.owner.headers })).json();
  const rolesIn = async (userId: string, of: ApprovedMerchant = merchant) =>
    (await listStaff(of)).items.find((member: { userId: string }) => member.userId === userId)?.roles ?? null;

  it('lists the owner who applied', async () => {
    const body = await listStaff();
    expect(body).toMatchObject({ total: 1, items: [{ userId: merchant.owner.userId, roles: ['owner'] }] });
  });

  it('adds a user by username with a role, and changes the role on a second call', async () => {
    const user = await createActor(t, 'customer', { username: `clerk_${randomUUID().slice(0, 6)}` });
    const added = await addStaff({ login: user.username, role: 'box-office' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ userId: user.userId, username: user.username, nickname: null, roles: ['box-office'] });
    const changed = await addStaff({ login: user.username, role: 'manager' });
    expect(changed.json().roles).toEqual(['manager']);
    expect(await rolesIn(user.userId)).toEqual(['manager']);
  });

  it('adds a user by phone', async () => {
    const user = await createUser(t.deps.database.db, {
      username: `gate_${randomUUID().slice(0, 6)}`,
      password: 'long enough 1',
      phone: '13800138123',
    });
    const added = await addStaff({ login: '13800138123', role: 'gate' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ userId: user.id, roles: ['gate'] });
  });

  it('answers an unknown login with 422 UNKNOWN_USER and grants nothing', async () => {
    const before = await venueCounts(t);
    const response = await addStaff({ login: 'nobody_here', role: 'gate' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('UNKNOWN_USER');
    expect(await venueCounts(t)).toEqual(before);
  });

  it.each([
    ['an unknown role', { login: 'x', role: 'janitor' }],
    ['an identity role name', { login: 'x', role: 'merchant-owner' }],
    ['no login', { role: 'gate' }],
    ['an unknown field', { login: 'x', role: 'gate', merchantId: randomUUID() }],
  ])('answers %s with 400', async (_what, body) => {
    const response = await addStaff(body);
    expect(response.statusCode).toBe(400);
  });

  it('removes a staff member; removing them again is 404', async () => {
    const user = await createActor(t, 'customer');
    await addStaff({ login: user.username, role: 'gate' });
    const removed = await removeStaff(user.userId);
    expect(removed.statusCode).toBe(204);
    expect(await rolesIn(user.userId)).toBeNull();
    expect((await removeStaff(user.userId)).statusCode).toBe(404);
    expect((await removeStaff(randomUUID())).statusCode).toBe(404);
  });

  it('never removes or demotes the last owner: 422 LAST_OWNER', async () => {
    const solo = await createApprovedMerchant(t);
    const removed = await removeStaff(solo.owner.userId, solo.owner);
    expect(removed.statusCode).toBe(422);
    expect(removed.json().error.code).toBe('LAST_OWNER');
    const demoted = await addStaff({ login: solo.owner.username, role: 'manager' }, solo.owner);
    expect(demoted.statusCode).toBe(422);
    expect(demoted.json().error.code).toBe('LAST_OWNER');
    expect(await rolesIn(solo.owner.userId, solo)).toEqual(['owner']);
  });

  it('lets one of two owners go, but not both at once', async () => {
    const shop = await createApprovedMerchant(t);
    const second = await createActor(t, 'customer');
    await addStaff({ login: second.username, role: 'owner' }, shop.owner);
    const secondOwner = await signAs(t, second, 'merchant', {
      merchantId: shop.merchantId,
      permissions: ['merchant.staff.manage'],
    });
    const responses = await Promise.all([
      removeStaff(second.userId, shop.owner),
      removeStaff(shop.owner.userId, secondOwner),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([204, 422]);
    // The first owner's token still lists staff even if it lost the race: tokens live until they expire.
    const owners = (await listStaff(shop)).items;
    expect(owners.filter((member: { roles: string[] }) => member.roles.includes('owner'))).toHaveLength(1);
  });

  it('leaves staff through a user group to the platform: 409 CONFLICT, nothing changes', async () => {
    const user = await createActor(t, 'customer');
    await queryRows(
      t.deps.database.db,
      sql`with g as (insert into user_group (name) values (${`ushers ${randomUUID().slice(0, 6)}`}) returning id),
               m as (insert into user_group_member (group_id, user_id) select id, ${user.userId}::uuid from g)
          insert into user_group_role (group_id, role_id, merchant_id)
          select g.id, r.id, ${merchant.merchantId}::uuid from g, role r where r.name = 'merchant-gate'`,
    );
    expect(await rolesIn(user.userId)).toEqual(['gate']);
    const response = await removeStaff(user.userId);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('CONFLICT');
    expect(await rolesIn(user.userId)).toEqual(['gate']);
  });

  it("keeps staff scoped to their merchant: another merchant's staff is 404 there", async () => {
    const other = await createApprovedMerchant(t);
    const response = await removeStaff(other.owner.userId);
    expect(response.statusCode).toBe(404);
    expect(await rolesIn(other.owner.userId, other)).toEqual(['owner']);
    expect(await rolesIn(other.owner.userId)).toBeNull();
  });

  it('needs merchant.staff.manage: a manager may not touch staff', async () => {
    const manager = await signAs(t, merchant.owner, 'merchant', {
      merchantId: merchant.merchantId,
      permissions: ['merchant.venues.manage', 'merchant.sessions.manage'],
    });
    const user = await createActor(t, 'customer');
    expect((await addStaff({ login: user.username, role: 'owner' }, manager)).statusCode).toBe(403);
    expect((await removeStaff(merchant.owner.userId, manager)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/merchant/staff', headers: manager.headers })).statusCode,
    ).toBe(403);
    expect(await rolesIn(user.userId)).toBeNull();
  });
});
