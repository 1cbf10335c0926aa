import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import type { Clock } from '../clock.js';
import { DomainError } from './errors.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A first request that never finished (its process died) stops blocking its key after this long. */
const STALE_AFTER_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { scope: string; key: string } | null;
  }
}

/** JSON with sorted keys, so the same body in another key order hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Keyed, so a stored hash reveals nothing of a body that held personal data (an ID number, say). */
function requestHash(request: FastifyRequest, key: string): string {
  return createHmac('sha256', key)
    .update(`${request.method} ${request.url}\n${canonical(request.body)}`)
    .digest('hex');
}

interface StoredKey {
  request_hash: string;
  status_code: number | null;
  content_type: string | null;
  response: string | null;
  created_at: Date | string;
}

/**
 * `Idempotency-Key` on every mutation: the first request with a key is processed and its answer kept;
 * a retry with the same key and body gets that answer again (with `Idempotent-Replayed: true`);
 * the same key with another body is refused. Server errors are not kept, so they can be retried.
 */
export function registerIdempotency(app: FastifyInstance, db: Db, clock: Clock, hashKey: string): void {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !MUTATING.has(request.method)) return;
    if (key.length < 1 || key.length > 200) {
      throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 200 characters', {
        fields: [{ field: 'headers.idempotency-key', problem: 'must be 1 to 200 characters' }],
      });
    }
    const scope = request.actor?.userId ?? 'anonymous';
    const hash = requestHash(request, hashKey);
    const now = clock.now();
    const claimed = await queryRows<{ key: string }>(
      db,
      sql`
      insert into idempotency_key (scope, key, request_hash, created_at)
      values (${scope}, ${key}, ${hash}, ${now.toISOString()})
      on conflict (scope, key) do update set request_hash = excluded.request_hash, created_at = excluded.created_at
        where idempotency_key.status_code is null
          and idempotency_key.created_at < ${new Date(now.getTime() - STALE_AFTER_MS).toISOString()}
      returning key`,
    );
    if (claimed.length === 1) {
      request.idempotency = { scope, key };
      return;
    }
    const [stored] = await queryRows<StoredKey>(
      db,
      sql`select request_hash, status_code, content_type, response, created_at
          from idempotency_key where scope = ${scope} and key = ${key}`,
    );
    if (!stored || stored.status_code === null) {
      throw new DomainError('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed');
    }
    if (stored.request_hash !== hash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used before for a different request');
    }
    reply.header('idempotent-replayed', 'true');
    if (stored.content_type) reply.type(stored.content_type);
    return reply.status(stored.status_code).send(stored.response ?? '');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    if (reply.statusCode >= 500) {
      await db.execute(sql`delete from idempotency_key where scope = ${claim.scope} and key = ${claim.key}`);
      return payload;
    }
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    const contentType = reply.getHeader('content-type');
    await db.execute(sql`
      update idempotency_key
      set status_code = ${reply.statusCode}, content_type = ${typeof contentType === 'string' ? contentType : null},
          response = ${body}, completed_at = ${clock.now().toISOString()}
      where scope = ${claim.scope} and key = ${claim.key}`);
    return payload;
  });
}
