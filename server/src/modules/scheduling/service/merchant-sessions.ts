import type { Db } from '../../../db/client.js';
import type { Clock } from '../../../clock.js';
import type { Actor } from '../../../http/actor.js';
import type { Page } from '../../../http/pagination.js';
import { MAX_QUOTA_UNITS_PER_REQUEST } from '../rules.js';
import type { CreateSessionInput, EntryQuotaInput, PatchSessionInput, SessionListQuery } from '../schemas.js';
import { schedulingMerchantOf } from './access.js';
import { cancelSession } from './cancel-session.js';
import { createSession } from './create-session.js';
import { openEntryQuotas, type EntryQuotaResult } from './entry-quotas.js';
import { getMerchantSession, listMerchantSessions } from './read-sessions.js';
import { updateSession } from './update-session.js';
import type { SessionSummary, SessionView } from './views.js';

/** The merchant portal's use cases: authorise the actor, then run the use case for its merchant. */
export interface SchedulingContext {
  db: Db;
  clock: Clock;
}

export const scheduleSessionAs = (ctx: SchedulingContext, actor: Actor, input: CreateSessionInput): Promise<SessionView> =>
  createSession(ctx.db, schedulingMerchantOf(actor), input, ctx.clock);

export const listSessionsAs = (ctx: SchedulingContext, actor: Actor, query: SessionListQuery): Promise<Page<SessionSummary>> =>
  listMerchantSessions(ctx.db, schedulingMerchantOf(actor), query, ctx.clock.now());

export const getSessionAs = (ctx: SchedulingContext, actor: Actor, sessionId: string): Promise<SessionView> =>
  getMerchantSession(ctx.db, schedulingMerchantOf(actor), sessionId, ctx.clock.now());

export const updateSessionAs = (
  ctx: SchedulingContext,
  actor: Actor,
  sessionId: string,
  input: PatchSessionInput,
): Promise<SessionView> => updateSession(ctx.db, schedulingMerchantOf(actor), sessionId, input, ctx.clock);

export const cancelSessionAs = (ctx: SchedulingContext, actor: Actor, sessionId: string): Promise<SessionView> =>
  cancelSession(ctx.db, schedulingMerchantOf(actor), sessionId, ctx.clock);

export const openEntryQuotasAs = (
  ctx: SchedulingContext,
  actor: Actor,
  venueId: string,
  input: EntryQuotaInput,
): Promise<EntryQuotaResult> =>
  openEntryQuotas(ctx.db, schedulingMerchantOf(actor), venueId, input, {
    clock: ctx.clock,
    maxUnits: MAX_QUOTA_UNITS_PER_REQUEST,
  });
