import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Bodies are strict (API.md): no coercion, unknown fields refused. Query strings, path parameters and
 * headers arrive as text, so they are coerced to their declared types.
 */
export function registerValidation(app: FastifyInstance): void {
  const options = { allErrors: true, useDefaults: true, strict: false, removeAdditional: false } as const;
  const strict = new Ajv({ ...options, coerceTypes: false });
  const coercing = new Ajv({ ...options, coerceTypes: 'array' });
  for (const ajv of [strict, coercing]) addFormats.default(ajv);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}
