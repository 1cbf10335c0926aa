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
