import { Type, type Static, type TSchema } from 'typebox';
import { MoneySchema } from '../../http/money.js';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { CHECK_IN_RESULTS, TICKET_STATUSES } from './rules.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const Gate = Type.String({ minLength: 1, maxLength: 40, pattern: '\\S', description: 'the gate or door, e.g. "North 2"' });
/** A signed QR payload (BO1.…) or a counter code of 10 characters. */
const Code = Type.String({ minLength: 1, maxLength: 400, description: 'the scanned QR content (BO1.…) or the 10-character counter code' });

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

const TicketStatusSchema = Type.Enum(TICKET_STATUSES, { description: 'valid, used (at the door), refunded' });
const CheckInResultSchema = Type.Enum(CHECK_IN_RESULTS);

export const TicketQuery = Type.Object({ ...PageQuery.properties, orderId: Type.Optional(Uuid) });
export type TicketQuery = Static<typeof TicketQuery>;

const SessionOfTicket = Type.Object({
  id: Uuid,
  startsAt: Timestamp,
  endsAt: Timestamp,
  venueId: Uuid,
  timezone: Type.String({ description: "the venue's IANA time zone" }),
});

const TicketFields = {
  id: Uuid,
  orderId: Uuid,
  status: TicketStatusSchema,
  session: SessionOfTicket,
  seat: Type.Optional(Type.Object({ label: Type.String() })),
  tierId: Type.Optional(Uuid),
  type: Type.String({ description: 'the ticket type: adult, student, …' }),
  price: MoneySchema,
  holder: Type.Optional(
    Type.Object({ visitorId: Uuid, name: Type.String(), idNumber: Type.String({ description: 'masked' }) }),
  ),
  counterCode: Type.String({ description: 'the 10-character code to type at the counter when the QR will not scan' }),
  validFrom: Timestamp,
  validTo: Timestamp,
  entriesAllowed: Type.Integer(),
  entriesUsed: Type.Integer(),
  usedAt: Type.Optional(Timestamp),
  gate: Type.Optional(Type.String()),
  refundedAt: Type.Optional(Timestamp),
};

export const TicketListItem = Type.Object(TicketFields);
export type TicketListItem = Static<typeof TicketListItem>;
export const TicketPage = pageSchema(TicketListItem);

export const TicketView = Type.Object({
  ...TicketFields,
  code: Type.String({ description: 'the signed QR payload: BO1.<payload>.<signature>, base64url' }),
  qrSvg: Type.String({ description: 'the QR of `code` as an SVG document' }),
});
export type TicketView = Static<typeof TicketView>;

export const PublicKeyAnswer = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  pem: Type.String({ description: 'SPKI PEM' }),
  raw: Type.String({ description: 'the 32-byte public key, base64url' }),
});

export const CheckInBody = Type.Object(
  {
    code: Code,
    gate: Type.Optional(Gate),
    venueId: Type.Optional(Type.String({ format: 'uuid', description: 'admit only tickets of this venue' })),
  },
  { additionalProperties: false },
);
export type CheckInBody = Static<typeof CheckInBody>;

/** What the door shows of an admitted or refused ticket. */
const TicketAtDoor = Type.Object({
  id: Uuid,
  sessionId: Uuid,
  type: Type.String(),
  seatLabel: Nullable(Type.String()),
  tierId: Nullable(Uuid),
  holderName: Nullable(Type.String()),
  status: TicketStatusSchema,
  entriesAllowed: Type.Integer(),
  entriesUsed: Type.Integer(),
  validFrom: Timestamp,
  validTo: Timestamp,
});
export type TicketAtDoor = Static<typeof TicketAtDoor>;

const DoorMessage = Type.String({ description: "one line for the scanner's screen, times in the venue's zone" });

export const CheckInAnswer = Type.Object({
  result: CheckInResultSchema,
  message: DoorMessage,
  ticket: Type.Optional(TicketAtDoor),
  usedAt: Type.Optional(Timestamp),
  gate: Type.Optional(Type.String()),
});
export type CheckInAnswer = Static<typeof CheckInAnswer>;

export const OfflineBody = Type.Object(
  {
    scans: Type.Array(
      Type.Object({ code: Code, gate: Type.Optional(Gate), scannedAt: Timestamp }, { additionalProperties: false }),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
export type OfflineBody = Static<typeof OfflineBody>;

export const OfflineAnswer = Type.Object({
  results: Type.Array(
    Type.Object({
      index: Type.Integer({ description: 'the scan’s place in the upload, from 0' }),
      result: CheckInResultSchema,
      message: DoorMessage,
      ticket: Type.Optional(TicketAtDoor),
      usedAt: Type.Optional(Timestamp),
      gate: Type.Optional(Type.String()),
    }),
  ),
});
export type OfflineAnswer = Static<typeof OfflineAnswer>;

const ManifestTicket = Type.Object({
  id: Uuid,
  counterCode: Type.String(),
  code: Type.String({ description: 'the signed QR payload' }),
  seatLabel: Nullable(Type.String()),
  tierId: Nullable(Uuid),
  entriesLeft: Type.Integer(),
});

export const ManifestAnswer = Type.Object({
  sessionId: Uuid,
  venueId: Uuid,
  validFrom: Timestamp,
  validTo: Timestamp,
  generatedAt: Timestamp,
  publicKey: PublicKeyAnswer,
  valid: Type.Array(ManifestTicket),
  used: Type.Array(Type.Object({ id: Uuid, counterCode: Type.String(), usedAt: Timestamp, gate: Nullable(Type.String()) })),
  revoked: Type.Array(Type.Object({ id: Uuid, counterCode: Type.String(), refundedAt: Timestamp })),
});
export type ManifestAnswer = Static<typeof ManifestAnswer>;
