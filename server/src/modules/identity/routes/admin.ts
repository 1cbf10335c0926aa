import { Type } from 'typebox';
import type { App, ModuleDeps } from '../../../app.js';
import { actorOf } from '../../../http/actor.js';
import {
  AdminUser,
  AdminUserPage,
  AdminUserPatch,
  GroupBody,
  GroupDetail,
  GroupPage,
  GroupPatch,
  GroupQuery,
  IdParams,
  PermissionList,
  Role,
  RoleBody,
  RolePage,
  RolePatch,
  RoleQuery,
  UserQuery,
} from '../schemas.js';
import { getUserAsAdmin, listUsersAsAdmin, updateUserAsAdmin } from '../service/admin-users.js';
import {
  createRole,
  deleteRoleAsAdmin,
  getRoleAsAdmin,
  listPermissionCatalogue,
  listRolesAsAdmin,
  updateRoleAsAdmin,
} from '../service/admin-roles.js';
import {
  createGroup,
  deleteGroupAsAdmin,
  getGroupAsAdmin,
  listGroupsAsAdmin,
  updateGroupAsAdmin,
} from '../service/admin-groups.js';
import { portal } from './hooks.js';

const tags = ['admin: users and roles'];
const security = [{ bearer: [] }];

/** /api/admin/users, /permissions, /roles, /groups: admin-portal tokens only; services check permissions. */
export function adminRoutes(app: App, deps: ModuleDeps): void {
  const admin = portal(deps, 'admin');

  app.get(
    '/api/admin/users',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Search users (users.read)',
        security,
        querystring: UserQuery,
        response: { 200: AdminUserPage },
      },
    },
    async (request) => listUsersAsAdmin(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/admin/users/:id',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'One user with roles and groups (users.read)',
        security,
        params: IdParams,
        response: { 200: AdminUser },
      },
    },
    async (request) => getUserAsAdmin(deps, actorOf(request), request.params.id),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Disable or enable a user (users.manage); replace their roles (also roles.manage)',
        security,
        params: IdParams,
        body: AdminUserPatch,
        response: { 200: AdminUser },
      },
    },
    async (request) => updateUserAsAdmin(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/admin/permissions',
    {
      onRequest: admin,
      schema: { tags, summary: 'The permission catalogue (users.read)', security, response: { 200: PermissionList } },
    },
    async (request) => listPermissionCatalogue(deps, actorOf(request)),
  );

  app.get(
    '/api/admin/roles',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Roles with their permissions (users.read)',
        security,
        querystring: RoleQuery,
        response: { 200: RolePage },
      },
    },
    async (request) => listRolesAsAdmin(deps, actorOf(request), request.query),
  );

  app.post(
    '/api/admin/roles',
    {
      onRequest: admin,
      schema: { tags, summary: 'Create a role (roles.manage)', security, body: RoleBody, response: { 201: Role } },
    },
    async (request, reply) => reply.status(201).send(await createRole(deps, actorOf(request), request.body)),
  );

  app.get(
    '/api/admin/roles/:id',
    {
      onRequest: admin,
      schema: { tags, summary: 'One role (users.read)', security, params: IdParams, response: { 200: Role } },
    },
    async (request) => getRoleAsAdmin(deps, actorOf(request), request.params.id),
  );

  app.patch(
    '/api/admin/roles/:id',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Rename a role or change its permissions (roles.manage); built-in roles: description only',
        security,
        params: IdParams,
        body: RolePatch,
        response: { 200: Role },
      },
    },
    async (request) => updateRoleAsAdmin(deps, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/admin/roles/:id',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Delete a role and its grants (roles.manage); built-in roles stay',
        security,
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteRoleAsAdmin(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/admin/groups',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Groups of users sharing roles (users.read)',
        security,
        querystring: GroupQuery,
        response: { 200: GroupPage },
      },
    },
    async (request) => listGroupsAsAdmin(deps, actorOf(request), request.query),
  );

  app.post(
    '/api/admin/groups',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Create a group (roles.manage)',
        security,
        body: GroupBody,
        response: { 201: GroupDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await createGroup(deps, actorOf(request), request.body)),
  );

  app.get(
    '/api/admin/groups/:id',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'One group with members (users.read)',
        security,
        params: IdParams,
        response: { 200: GroupDetail },
      },
    },
    async (request) => getGroupAsAdmin(deps, actorOf(request), request.params.id),
  );

  app.patch(
    '/api/admin/groups/:id',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Rename a group or replace its members or roles (roles.manage)',
        security,
        params: IdParams,
        body: GroupPatch,
        response: { 200: GroupDetail },
      },
    },
    async (request) => updateGroupAsAdmin(deps, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/admin/groups/:id',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Delete a group (roles.manage)',
        security,
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteGroupAsAdmin(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
