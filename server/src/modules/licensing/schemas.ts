import { Type, type Static } from 'typebox';
import { MoneySchema } from '../../http/money.js';
import { PageQuery } from '../../http/pagination.js';

const strict = { additionalProperties: false } as const;
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD, inclusive' });
const Status = Type.Enum(['active', 'expired', 'upcoming', 'revoked'] as const);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const LicenceInput = Type.Object(
  {
    productionId: Type.String({ format: 'uuid' }),
    from: Day,
    to: Day,
    fee: Type.Optional(MoneySchema),
  },
  strict,
);
export type LicenceInput = Static<typeof LicenceInput>;

export const Licence = Type.Object({
  id: Type.String(),
  merchantId: Type.String(),
  production: Type.Object({ id: Type.String(), title: Type.String() }),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  fee: Type.Union([MoneySchema, Type.Null()]),
  status: Status,
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Licence = Static<typeof Licence>;

export const LicenceListQuery = Type.Object({
  ...PageQuery.properties,
  productionId: Type.Optional(Type.String({ format: 'uuid' })),
  status: Type.Optional(Status),
});
export type LicenceListQuery = Static<typeof LicenceListQuery>;

export const AdminLicenceListQuery = Type.Object({
  ...LicenceListQuery.properties,
  merchantId: Type.Optional(Type.String({ format: 'uuid' })),
});
export type AdminLicenceListQuery = Static<typeof AdminLicenceListQuery>;
