import { Type, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SessionIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const SeatMapAnswer = Type.Object({
  rows: Type.Integer(),
  cols: Type.Integer(),
  seats: Type.Array(
    Type.Object({
      id: Type.String({ description: 'the seat’s unit id in this session: what an order names' }),
      row: Type.Integer({ description: 'counts from 1' }),
      col: Type.Integer({ description: 'counts from 1' }),
      label: Nullable(Type.String()),
      type: Nullable(Type.String()),
      category: Nullable(Type.String()),
      section: Nullable(Type.String()),
      state: Type.Union([Type.Literal('free'), Type.Literal('held'), Type.Literal('sold'), Type.Literal('blocked')]),
    }),
  ),
});

/**
 * The live stream of a session. Events carry no ids: a (re)connecting client, with or without
 * `Last-Event-ID`, always starts from a fresh `snapshot`, which replaces anything it missed.
 */
export const SessionEventsAnswer = {
  description: [
    'A `text/event-stream` (Server-Sent Events) that stays open. Events, each `data` one JSON object:',
    '- `snapshot` first (and again after the server lost its feed): seated sessions',
    '  `{sessionId, mode: "seated", rows, cols, seats: [{id, row, col, label, type, category, section, state}]}`,',
    '  tiered and timed-entry sessions `{sessionId, mode, total, available, tiers: [{tierId, total, available}]}`;',
    '- `seats` (seated sessions) `{seatIds, state}` as seats change: held, sold, free again, blocked;',
    '- `availability` (tiered and timed-entry sessions): the same object as their snapshot, with fresh counts.',
    'A comment line (`: heartbeat`) comes every SSE_HEARTBEAT_SECONDS. 404 NOT_FOUND for an unknown session;',
    '503 UNAVAILABLE (with Retry-After) when this server has SSE_MAX_CLIENTS streams open.',
  ].join('\n'),
  content: { 'text/event-stream': { schema: Type.String() } },
};
