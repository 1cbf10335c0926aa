import { Type, type Static, type TSchema } from 'typebox';

/** `?page=1&pageSize=20`, pageSize at most 100 (API.md). */
export const PageQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
export type PageQuery = Static<typeof PageQuery>;

export const pageSchema = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const offsetOf = (query: { page: number; pageSize: number }): number => (query.page - 1) * query.pageSize;

export const pageOf = <T>(items: T[], total: number, query: { page: number; pageSize: number }): Page<T> => ({
  items,
  total,
  page: query.page,
  pageSize: query.pageSize,
});
