import { Type } from 'typebox';
import type { App, ModuleDeps } from '../../../app.js';
import { CategoryQuery, CategoryView, CityQuery, CityView } from '../schemas.js';
import { listCategories } from '../service/directory.js';
import { listCities } from '../service/cities.js';

const tags = ['browse'];

/** /api/categories and /api/cities: open to everyone. */
export function publicCatalogRoutes(deps: ModuleDeps) {
  const db = deps.database.db;
  return async function routes(app: App): Promise<void> {
    app.get(
      '/api/categories',
      {
        schema: {
          tags,
          summary: 'Production categories (genres), optionally those used for one kind',
          querystring: CategoryQuery,
          response: { 200: Type.Array(CategoryView) },
        },
      },
      async (request) => listCategories(db, request.query),
    );

    app.get(
      '/api/cities',
      {
        schema: {
          tags,
          summary: 'Cities (or provinces) with their GB/T 2260 codes; q matches part of the name',
          querystring: CityQuery,
          response: { 200: Type.Array(CityView) },
        },
      },
      async (request) => listCities(db, request.query),
    );
  };
}
