import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { Attempt, ErrorAnswer, Picker } from './pickers.js';
import type { Customer } from './world.js';

/** A 201 answer as the client saw it, to compare with the database afterwards. */
export interface ConfirmedHold {
  orderId: string;
  unitIds: string[];
}

export interface RoundResult {
  attempts: number;
  confirmed: ConfirmedHold[];
  activeMs: number;
}

export interface LoadResult {
  attempts: number;
  holds: number;
  unitsHeld: number;
  /** Milliseconds of load, pauses between rounds left out. */
  activeMs: number;
  wallMs: number;
  rounds: number;
  latenciesMs: Float64Array;
  /** `201`, `409 SEAT_UNAVAILABLE`, `network-error`… → count. */
  answers: Record<string, number>;
  reloads: { count: number; latenciesMs: Float64Array; failures: number };
}

export interface LoadPlan {
  origin: string;
  connections: number;
  customers: Customer[];
  picker: Picker;
  attempts: number;
  durationMs: number;
  /** Attempts per round; 0 never resets. */
  roundAttempts: number;
  /**
   * Runs between rounds while no request is in flight: the harness checks the invariants against what
   * the clients were told, then resets the sale. Not called after the last round.
   */
  betweenRounds(round: RoundResult): Promise<void>;
  /** Called once when the load has stopped, with the last round. */
  afterLast(round: RoundResult): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** Grows as needed; latencies of 100k requests fit in well under a megabyte. */
class Samples {
  private data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  values(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Runs one scenario: `connections` virtual users on as many keep-alive connections, each request by a
 * random customer, until `attempts` hold attempts were made or `durationMs` of load has passed. The
 * sale runs in rounds: when a round's attempts are spent (or every virtual user sees nothing left to
 * try), every user waits, the harness checks and resets, and the next round starts.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const pool = new Pool(plan.origin, {
    connections: plan.connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  const latencies = new Samples();
  const reloadLatencies = new Samples();
  const answers: Record<string, number> = {};
  let reloadFailures = 0;
  let attempts = 0;
  let holds = 0;
  let unitsHeld = 0;
  let rounds = 1;
  let activeMs = 0;
  let stopped = false;

  let issuedThisRound = 0;
  let confirmed: ConfirmedHold[] = [];
  let roundStartedAt = performance.now();
  const finished = new Array<boolean>(plan.connections).fill(false);
  let idle = 0;
  let releaseRound: () => void = () => {};
  let nextRound = new Promise<void>((resolve) => (releaseRound = resolve));
  const wallStart = performance.now();

  const count = (key: string) => {
    answers[key] = (answers[key] ?? 0) + 1;
  };
  const roundBudgetLeft = () => plan.roundAttempts === 0 || issuedThisRound < plan.roundAttempts;
  const overall = () => attempts >= plan.attempts || activeMs + (performance.now() - roundStartedAt) >= plan.durationMs;

  /** The last user to go idle closes the round: check, reset, and release everyone (or stop). */
  async function closeRound(): Promise<void> {
    const roundMs = performance.now() - roundStartedAt;
    activeMs += roundMs;
    const result = { attempts: issuedThisRound, confirmed, activeMs: roundMs };
    if (attempts >= plan.attempts || activeMs >= plan.durationMs) {
      stopped = true;
      await plan.afterLast(result);
    } else {
      await plan.betweenRounds(result);
      plan.picker.reset();
      rounds += 1;
      issuedThisRound = 0;
      confirmed = [];
      finished.fill(false);
      roundStartedAt = performance.now();
    }
    idle = 0;
    const release = releaseRound;
    nextRound = new Promise<void>((resolve) => (releaseRound = resolve));
    release();
  }

  async function waitForNextRound(): Promise<void> {
    const waitFor = nextRound;
    idle += 1;
    if (idle === plan.connections) await closeRound();
    else await waitFor;
  }

  async function hold(vu: number, attempt: Attempt): Promise<void> {
    const customer = plan.customers[Math.floor(Math.random() * plan.customers.length)]!;
    const started = performance.now();
    let status = 0;
    let text = '';
    try {
      const response = await pool.request({
        method: 'POST',
        path: '/api/orders',
        headers: { 'content-type': 'application/json', authorization: customer.authorization },
        body: attempt.body,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      latencies.push(performance.now() - started);
      count(`network-error ${(error as { code?: string }).code ?? (error as Error).name}`);
      return;
    }
    latencies.push(performance.now() - started);
    const answer = parseJson(text) as { id?: string; items?: { unitId: string }[]; error?: ErrorAnswer } | null;
    const error = answer?.error ?? null;
    count(status === 201 ? '201' : `${status} ${error?.code ?? 'no-code'}`);
    if (status === 201 && answer?.id) {
      holds += 1;
      const unitIds = (answer.items ?? []).map((item) => item.unitId);
      unitsHeld += unitIds.length;
      confirmed.push({ orderId: answer.id, unitIds });
    }
    plan.picker.learn(vu, attempt, status, error);
  }

  async function reload(vu: number, path: string): Promise<boolean> {
    const started = performance.now();
    try {
      const response = await pool.request({ method: 'GET', path });
      const text = await response.body.text();
      reloadLatencies.push(performance.now() - started);
      if (response.statusCode !== 200) {
        reloadFailures += 1;
        return false;
      }
      return plan.picker.reload(vu, parseJson(text));
    } catch {
      reloadFailures += 1;
      return false;
    }
  }

  async function virtualUser(vu: number): Promise<void> {
    while (!stopped) {
      if (finished[vu] || !roundBudgetLeft() || overall()) {
        await waitForNextRound();
        continue;
      }
      let attempt = plan.picker.next(vu);
      if (!attempt && plan.picker.reloadPath && (await reload(vu, plan.picker.reloadPath))) {
        attempt = plan.picker.next(vu);
      }
      if (!attempt) {
        finished[vu] = true;
        continue;
      }
      if (!roundBudgetLeft() || overall()) continue;
      issuedThisRound += 1;
      attempts += 1;
      await hold(vu, attempt);
    }
  }

  plan.picker.reset();
  await Promise.all(Array.from({ length: plan.connections }, (_, vu) => virtualUser(vu)));
  await pool.close();
  return {
    attempts,
    holds,
    unitsHeld,
    activeMs,
    wallMs: performance.now() - wallStart,
    rounds,
    latenciesMs: latencies.values(),
    answers,
    reloads: { count: reloadLatencies.length, latenciesMs: reloadLatencies.values(), failures: reloadFailures },
  };
}
