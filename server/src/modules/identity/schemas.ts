import { Type, type Static, type TSchema } from 'typebox';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { PHONE_PATTERN, USERNAME_PATTERN } from './rules.js';

const strict = { additionalProperties: false } as const;
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
export const IdParams = Type.Object({ id: Uuid });

// ---- inputs

const Phone = Type.String({
  pattern: PHONE_PATTERN,
  description: 'A mainland mobile (13800138000) or E.164 (+85291234567)',
});
const Username = Type.String({ pattern: USERNAME_PATTERN, description: '3 to 32 of A-Z a-z 0-9 _ . -' });
const NewPassword = Type.String({ minLength: 8, maxLength: 128 });
const Code = Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit SMS code' });
const Portal = Type.Union([Type.Literal('customer'), Type.Literal('merchant'), Type.Literal('admin')]);
const SmsPurpose = Type.Union([Type.Literal('register'), Type.Literal('login'), Type.Literal('reset-password')]);
const RefreshToken = Type.String({ minLength: 1, maxLength: 200 });

export const SmsCodeBody = Type.Object({ phone: Phone, purpose: SmsPurpose }, strict);
export type SmsCodeBody = Static<typeof SmsCodeBody>;

export const RegisterBody = Type.Object({ username: Username, phone: Phone, password: NewPassword, code: Code }, strict);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  {
    portal: Portal,
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    phone: Type.Optional(Phone),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    code: Type.Optional(Code),
    merchantId: Type.Optional(Type.String({ format: 'uuid', description: 'Merchant portal: which merchant to work for' })),
  },
  { ...strict, description: 'Exactly one of username and phone; a password, or (with phone) an SMS code of purpose login' },
);
export type LoginBody = Static<typeof LoginBody>;

export const RefreshBody = Type.Object({ refreshToken: RefreshToken }, strict);
export type RefreshBody = Static<typeof RefreshBody>;

export const ProfileBody = Type.Object(
  {
    nickname: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 32 }))),
    email: Type.Optional(nullable(Type.String({ format: 'email', maxLength: 254 }))),
    avatarUrl: Type.Optional(nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }))),
  },
  strict,
);
export type ProfileBody = Static<typeof ProfileBody>;

export const PasswordResetBody = Type.Object({ phone: Phone, code: Code, newPassword: NewPassword }, strict);
export type PasswordResetBody = Static<typeof PasswordResetBody>;

const RoleGrantInput = Type.Object({ roleId: Uuid, merchantId: Type.Optional(nullable(Uuid)) }, strict);
const RoleGrants = Type.Array(RoleGrantInput, { maxItems: 100 });
const UserStatus = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);
const Scope = Type.Union([Type.Literal('platform'), Type.Literal('merchant')]);
const PermissionCodes = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 128 });
const Name = Type.String({ minLength: 2, maxLength: 64, pattern: '^\\S(.*\\S)?$' });
const Description = Type.String({ maxLength: 500 });

export const UserQuery = Type.Object({
  ...PageQuery.properties,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Part of a username, phone or nickname' })),
  status: Type.Optional(UserStatus),
});
export type UserQuery = Static<typeof UserQuery>;

export const AdminUserPatch = Type.Object({ status: Type.Optional(UserStatus), roles: Type.Optional(RoleGrants) }, strict);
export type AdminUserPatch = Static<typeof AdminUserPatch>;

export const RoleQuery = Type.Object({ ...PageQuery.properties, scope: Type.Optional(Scope) });
export type RoleQuery = Static<typeof RoleQuery>;

export const RoleBody = Type.Object(
  { name: Name, description: Type.Optional(Description), scope: Scope, permissions: PermissionCodes },
  strict,
);
export type RoleBody = Static<typeof RoleBody>;

export const RolePatch = Type.Object(
  { name: Type.Optional(Name), description: Type.Optional(Description), permissions: Type.Optional(PermissionCodes) },
  strict,
);
export type RolePatch = Static<typeof RolePatch>;

const MemberIds = Type.Array(Uuid, { maxItems: 1000 });

export const GroupBody = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    memberIds: Type.Optional(MemberIds),
    roles: Type.Optional(RoleGrants),
  },
  strict,
);
export type GroupBody = Static<typeof GroupBody>;

export const GroupPatch = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    memberIds: Type.Optional(MemberIds),
    roles: Type.Optional(RoleGrants),
  },
  strict,
);
export type GroupPatch = Static<typeof GroupPatch>;

export const GroupQuery = PageQuery;

// ---- answers

export const User = Type.Object({
  id: Uuid,
  username: Type.String(),
  phone: nullable(Type.String({ description: 'Masked, e.g. 138****8000' })),
  email: nullable(Type.String()),
  nickname: nullable(Type.String()),
  avatarUrl: nullable(Type.String()),
  status: UserStatus,
  createdAt: Timestamp,
});
export type User = Static<typeof User>;

export const Session = Type.Object({
  user: User,
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer({ description: 'Seconds the access token lives' }),
  portal: Portal,
  merchantId: nullable(Uuid),
  permissions: Type.Array(Type.String(), { description: 'What the access token allows, by permission code' }),
});
export type Session = Static<typeof Session>;

export const SmsCodeSent = Type.Object({
  expiresIn: Type.Integer(),
  debugCode: Type.Optional(Type.String({ description: 'Only from the console SMS provider, outside production' })),
});

export const QrLoginCreated = Type.Object({ id: Uuid, qrContent: Type.String(), expiresAt: Timestamp });
export type QrLoginCreated = Static<typeof QrLoginCreated>;

export const QrLoginConfirmed = Type.Object({ status: Type.Literal('confirmed') });

export const QrLoginPoll = Type.Object({
  status: Type.Union([Type.Literal('pending'), Type.Literal('confirmed'), Type.Literal('expired')]),
  accessToken: Type.Optional(Type.String()),
  refreshToken: Type.Optional(Type.String()),
  expiresIn: Type.Optional(Type.Integer()),
});
export type QrLoginPoll = Static<typeof QrLoginPoll>;

const RoleGrant = Type.Object({ roleId: Uuid, name: Type.String(), scope: Scope, merchantId: nullable(Uuid) });
export type RoleGrant = Static<typeof RoleGrant>;

export const AdminUser = Type.Object({
  ...User.properties,
  roles: Type.Array(RoleGrant, { description: 'Roles granted to the user directly' }),
  groups: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
});
export type AdminUser = Static<typeof AdminUser>;
export const AdminUserPage = pageSchema(AdminUser);

export const PermissionItem = Type.Object({
  code: Type.String(),
  bit: Type.Integer(),
  description: Type.String(),
  scope: Scope,
});
export const PermissionList = Type.Array(PermissionItem);

export const Role = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  scope: Scope,
  builtIn: Type.Boolean(),
  permissions: Type.Array(Type.String()),
  createdAt: Timestamp,
});
export type Role = Static<typeof Role>;
export const RolePage = pageSchema(Role);

const UserSummary = Type.Object({ id: Uuid, username: Type.String(), nickname: nullable(Type.String()) });

export const Group = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  memberCount: Type.Integer(),
  roles: Type.Array(RoleGrant),
  createdAt: Timestamp,
});
export type Group = Static<typeof Group>;
export const GroupPage = pageSchema(Group);

export const GroupDetail = Type.Object({ ...Group.properties, members: Type.Array(UserSummary) });
export type GroupDetail = Static<typeof GroupDetail>;
