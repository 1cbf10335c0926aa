import { Type, type Static } from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { VENUE_KINDS } from './tables.js';
import type { CellInput, SeatMapInput } from './rules/seat-map.js';
import type { PretixPlan } from './rules/pretix.js';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });

export const Id = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Id });
export const HallParams = Type.Object({ id: Id, hallId: Id });
export const UserParams = Type.Object({ userId: Id });

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const VenueKind = Type.Enum(VENUE_KINDS);
/** GB/T 2260 administrative division code, e.g. 310100 for Shanghai. */
const CityCode = Type.String({ pattern: '^[0-9]{6}$' });
const Address = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Asia/Shanghai' });
const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Phone = Type.String({ pattern: '^\\+?[0-9][0-9 -]{2,24}$' });
const CleaningBuffer = Type.Integer({
  minimum: 0,
  maximum: 240,
  description: 'Minutes a hall stays empty between two sessions',
});
const Reason = Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' });

export const VenueInput = Type.Object(
  {
    name: Name,
    kind: VenueKind,
    cityCode: CityCode,
    address: Address,
    timezone: TimeZone,
    latitude: Type.Optional(Latitude),
    longitude: Type.Optional(Longitude),
    phone: Type.Optional(Phone),
    cleaningBufferMinutes: Type.Optional(CleaningBuffer),
  },
  strict,
);
export type VenueInput = Static<typeof VenueInput>;

export const VenuePatch = Type.Object(
  {
    name: Type.Optional(Name),
    address: Type.Optional(Address),
    timezone: Type.Optional(TimeZone),
    latitude: Type.Optional(Type.Union([Latitude, Type.Null()])),
    longitude: Type.Optional(Type.Union([Longitude, Type.Null()])),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    cleaningBufferMinutes: Type.Optional(CleaningBuffer),
  },
  { ...strict, minProperties: 1 },
);
export type VenuePatch = Static<typeof VenuePatch>;

export const Venue = Type.Object({
  id: Type.String(),
  merchantId: Type.String(),
  name: Type.String(),
  kind: VenueKind,
  cityCode: Type.String(),
  address: Type.String(),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  timezone: Type.String(),
  phone: Nullable(Type.String()),
  cleaningBufferMinutes: Type.Integer(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  rejectReason: Nullable(Type.String()),
  reviewedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Venue = Static<typeof Venue>;

const MerchantStatus = Type.Enum(['pending', 'approved', 'rejected', 'suspended'] as const);
const VenueStatus = Type.Enum(['pending', 'approved', 'rejected'] as const);

export const ApplicationInput = Type.Object({ merchantName: Name, venue: VenueInput }, strict);
export type ApplicationInput = Static<typeof ApplicationInput>;

const merchantFields = {
  id: Type.String(),
  name: Type.String(),
  status: MerchantStatus,
  rejectReason: Nullable(Type.String()),
  reviewedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  venues: Type.Array(Venue),
};
export const Application = Type.Object(merchantFields);
export type Application = Static<typeof Application>;

const UserSummary = Type.Object({ id: Type.String(), username: Type.String(), nickname: Nullable(Type.String()) });
export const AdminMerchant = Type.Object({ ...merchantFields, applicant: Type.Union([UserSummary, Type.Null()]) });
export type AdminMerchant = Static<typeof AdminMerchant>;

export const AdminVenue = Type.Object({
  ...Venue.properties,
  merchant: Type.Object({ id: Type.String(), name: Type.String(), status: MerchantStatus }),
});
export type AdminVenue = Static<typeof AdminVenue>;

export const ReviewRejection = Type.Object({ reason: Reason }, strict);
export type ReviewRejection = Static<typeof ReviewRejection>;

export const MerchantListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(MerchantStatus),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});
export type MerchantListQuery = Static<typeof MerchantListQuery>;

export const AdminVenueListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(VenueStatus),
  merchantId: Type.Optional(Id),
  cityCode: Type.Optional(CityCode),
});
export type AdminVenueListQuery = Static<typeof AdminVenueListQuery>;

export const VenueListQuery = Type.Object({ ...PageQuery.properties, status: Type.Optional(VenueStatus) });
export type VenueListQuery = Static<typeof VenueListQuery>;

const StaffRole = Type.Enum(['owner', 'manager', 'box-office', 'gate'] as const);
export const StaffInput = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 64, description: 'The username or phone the user signs in with' }),
    role: StaffRole,
  },
  strict,
);
export type StaffInput = Static<typeof StaffInput>;

export const StaffMember = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  nickname: Nullable(Type.String()),
  roles: Type.Array(StaffRole),
});
export type StaffMember = Static<typeof StaffMember>;

/** A cell as sent; a hall's answer has every field filled in, so it can be sent back as it came. */
export const CellInputSchema = Type.Object(
  {
    row: Type.Integer(),
    col: Type.Integer(),
    kind: Type.Union([Type.Literal('seat'), Type.Literal('aisle')]),
    seatKey: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    rowLabel: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
    number: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    type: Type.Optional(Type.String({ maxLength: 40, description: 'standard, vip, couple-left, couple-right, wheelchair or companion' })),
    category: Type.Optional(Type.String({ maxLength: 100, description: 'The price category; defaults to standard (vip for vip seats)' })),
    section: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])),
  },
  strict,
);

export const SeatMapInputSchema = Type.Object(
  {
    rows: Type.Integer({ minimum: 1, maximum: 10_000, description: 'At most 100 (larger answers SEAT_MAP_INVALID)' }),
    cols: Type.Integer({ minimum: 1, maximum: 10_000, description: 'At most 100 (larger answers SEAT_MAP_INVALID)' }),
    categories: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
    cells: Type.Array(CellInputSchema, { maxItems: 10_000 }),
  },
  strict,
);

const HallName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' });
export const HallInput = Type.Object({ name: HallName, seatMap: SeatMapInputSchema }, strict);
export interface HallInput {
  name: string;
  seatMap: SeatMapInput & { cells: CellInput[] };
}

const PretixPosition = Type.Object({ x: Type.Number(), y: Type.Number() }, strict);
const NullableText = Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()]));
/** pretix's public seating-plan schema (seating-plan.schema.json); areas are drawings and are ignored. */
export const PretixPlanSchema = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    categories: Type.Array(
      Type.Object({ name: Type.String({ maxLength: 100 }), color: Type.Optional(Type.String({ maxLength: 40 })) }, strict),
      { maxItems: 100 },
    ),
    zones: Type.Array(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 200 })),
          zone_id: Type.Optional(Type.String({ maxLength: 100 })),
          uuid: Type.Optional(Type.String({ maxLength: 100 })),
          displayed: Type.Optional(Type.Boolean()),
          position: PretixPosition,
          rows: Type.Array(
            Type.Object(
              {
                row_number: Type.String({ maxLength: 16 }),
                row_label: NullableText,
                seat_label: NullableText,
                uuid: Type.Optional(Type.String({ maxLength: 100 })),
                row_number_position: NullableText,
                number_of_seats: Type.Optional(Type.Integer()),
                seats_spacing: Type.Optional(Type.Integer()),
                position: Type.Optional(PretixPosition),
                seats: Type.Array(
                  Type.Object(
                    {
                      seat_guid: Type.String({ minLength: 1, maxLength: 100 }),
                      seat_number: Type.String({ minLength: 1, maxLength: 20 }),
                      uuid: Type.Optional(Type.String({ maxLength: 100 })),
                      start_direction: NullableText,
                      radius: Type.Optional(Type.Integer()),
                      position: PretixPosition,
                      category: Type.String({ maxLength: 100 }),
                    },
                    strict,
                  ),
                  { maxItems: 1_000 },
                ),
              },
              strict,
            ),
            { maxItems: 1_000 },
          ),
          areas: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 10_000 })),
        },
        strict,
      ),
      { maxItems: 100 },
    ),
    size: Type.Optional(Type.Object({ width: Type.Number(), height: Type.Number() }, strict)),
  },
  strict,
);

/**
 * A hall body is our own map, or with `?format=pretix` a pretix seating plan. The plan is told apart
 * by its `zones`, so a validation error names the fields of the format that was meant.
 */
export const HallBody = Type.Unsafe<HallInput | PretixPlan>({
  type: 'object',
  if: { type: 'object', required: ['zones'] },
  then: PretixPlanSchema,
  else: HallInput,
  description: 'Our seat map `{name, seatMap}`, or with ?format=pretix a pretix seating plan (JSON)',
});

export const HallQuery = Type.Object({
  format: Type.Union([Type.Literal('boxoffice'), Type.Literal('pretix')], { default: 'boxoffice' }),
  name: Type.Optional(HallName),
});
export type HallQuery = Static<typeof HallQuery>;

const SeatType = Type.Enum(['standard', 'vip', 'couple-left', 'couple-right', 'wheelchair', 'companion'] as const);
export const StoredCellSchema = Type.Object({
  row: Type.Integer(),
  col: Type.Integer(),
  kind: Type.Literal('seat'),
  seatKey: Type.String(),
  label: Type.String(),
  rowLabel: Type.String(),
  number: Type.Integer(),
  type: SeatType,
  category: Type.String(),
  section: Nullable(Type.String()),
});

const hallSummaryFields = {
  id: Type.String(),
  venueId: Type.String(),
  name: Type.String(),
  rows: Type.Integer(),
  cols: Type.Integer(),
  seatCount: Type.Integer(),
  categories: Type.Array(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};
export const HallSummary = Type.Object(hallSummaryFields);
export type HallSummary = Static<typeof HallSummary>;
export const Hall = Type.Object({
  ...hallSummaryFields,
  seatMap: Type.Object({ rows: Type.Integer(), cols: Type.Integer(), cells: Type.Array(StoredCellSchema) }),
});
export type Hall = Static<typeof Hall>;
