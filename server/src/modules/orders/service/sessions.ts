import { performance } from 'node:perf_hooks';
import type { Db } from '../../../db/client.js';
import { getSessionForOrdering, type SessionForOrdering } from '../../scheduling/index.js';

/** Where holds read the terms of a session: its mode, prices, tiers, ticket types and policy. */
export interface SessionTerms {
  get(sessionId: string, now: Date): Promise<SessionForOrdering>;
  /** Drops what is kept of a session (it was found cancelled). */
  forget(sessionId: string): void;
}

/** How long a process reuses what it read of a session on sale. */
const TERMS_TTL_MS = 30_000;
/** Sessions remembered at once; the oldest reading goes first. */
const TERMS_KEPT = 2_000;

/**
 * The terms of sessions whose sales have opened, kept for a while in this process. Once sales open,
 * scheduling refuses every change of times, prices and policy (SESSION_LOCKED), so what was read stays
 * true; the one change left, cancelling, each hold reads afresh inside its transaction. A hot sale
 * then costs one read of the session per process and half minute instead of five per hold. Sessions
 * not yet on sale are read every time: their merchant may still edit them.
 */
export function cachedSessionTerms(db: Db): SessionTerms {
  const kept = new Map<string, { terms: SessionForOrdering; until: number }>();
  return {
    async get(sessionId, now) {
      const key = sessionId.toLowerCase();
      const hit = kept.get(key);
      if (hit && hit.until > performance.now()) return hit.terms;
      const terms = await getSessionForOrdering(db, sessionId);
      kept.delete(key);
      if (terms.status === 'scheduled' && terms.policy.salesOpenAt.getTime() <= now.getTime()) {
        if (kept.size >= TERMS_KEPT) kept.delete(kept.keys().next().value!);
        kept.set(key, { terms, until: performance.now() + TERMS_TTL_MS });
      }
      return terms;
    },
    forget(sessionId) {
      kept.delete(sessionId.toLowerCase());
    },
  };
}
