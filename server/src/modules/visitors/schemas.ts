import { Type, type Static } from 'typebox';
import { pageSchema, PageQuery } from '../../http/pagination.js';
import { ID_TYPES } from './rules.js';

const Uuid = Type.String({ format: 'uuid' });

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

export const IdTypeSchema = Type.Enum(ID_TYPES, {
  description:
    'id-card: Chinese resident identity card (18 characters); passport; hk-macao-permit: 港澳居民来往内地通行证; ' +
    'taiwan-permit: 台湾居民来往大陆通行证; foreigner-permit: foreigner permanent residence ID card (15 characters)',
});

// A name as written on the ID (Chinese, or Latin with spaces and dots): a visible character, no control characters.
const Name = Type.String({
  minLength: 1,
  maxLength: 50,
  pattern: '^[^\\x00-\\x1f\\x7f]*[^\\s\\x00-\\x1f\\x7f][^\\x00-\\x1f\\x7f]*$',
  description: 'As written on the ID document; spaces around it are dropped',
});
// Stored normalised like account phones: a mainland mobile as 11 digits, anything else in E.164.
const Phone = Type.String({ pattern: '^(1[3-9][0-9]{9}|\\+[1-9][0-9]{6,14})$' });

export const CreateVisitorBody = Type.Object(
  {
    name: Name,
    idType: IdTypeSchema,
    idNumber: Type.String({
      minLength: 1,
      maxLength: 32,
      description: 'The clear number; checked for its type (an ID card by its GB 11643 check code), never shown again',
    }),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateVisitorBody = Static<typeof CreateVisitorBody>;

/** The ID number is immutable: a different number is a new visitor. */
export const UpdateVisitorBody = Type.Object(
  {
    name: Type.Optional(Name),
    phone: Type.Optional(Type.Union([Phone, Type.Null()], { description: 'null removes the phone' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateVisitorBody = Static<typeof UpdateVisitorBody>;

export const VisitorQuery = PageQuery;
export type VisitorQuery = Static<typeof VisitorQuery>;

export const VisitorView = Type.Object({
  id: Uuid,
  name: Type.String(),
  idType: IdTypeSchema,
  idNumber: Type.String({ description: 'Masked: 110101********1234 for an ID card, first 2 and last 2 otherwise' }),
  phone: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type VisitorView = Static<typeof VisitorView>;

export const VisitorPage = pageSchema(VisitorView);
