/**
 * The catalogue search bench: `npm run bench:search` (or `tsx bench/search.ts -- --help`). Seeds 100,000
 * productions (Chinese and Latin titles) with sessions and sales figures in a fresh database, starts the
 * server, and times GET /api/productions for searches (Chinese 2 and 4 characters, a Latin word, a
 * misspelling) and the sorted lists; then reads each query's plan with EXPLAIN ANALYZE. JSON goes to
 * bench/results/search-<stamp>.json and bench/results/latest-search.json.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import { Pool } from 'undici';
import { loadConfig } from '../server/src/config.js';
import { createLogger } from '../server/src/logger.js';
import { createDeps, prepareDatabase } from '../server/src/runtime.js';
import { queryRows, type Db } from '../server/src/db/client.js';
import { systemClock } from '../server/src/clock.js';
import { browseProductions } from '../server/src/modules/browse/service.js';
import type { ProductionListQuery } from '../server/src/modules/browse/schemas.js';
import { approveMerchant, createMerchantWithVenue } from '../server/src/modules/venues/index.js';
import { createBenchDatabase, serverFacts } from './lib/database.js';
import { cpuSnapshot, cpuUse, machineFacts } from './lib/machine.js';
import { fixed, latencySummary, writeResults, type LatencySummary } from './lib/report.js';
import { buildServer, startServer, type RunningServer } from './lib/server.js';
import { serverEnvironment } from './lib/world.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const RESULTS_DIR = join(BENCH_DIR, 'results');
/** What "fast" means here: a search or list answers within this at the 95th percentile. */
const TARGET_P95_MS = 200;

const say = (line: string) => process.stdout.write(`${line}\n`);

const HELP = `tsx bench/search.ts [options]   (npm run bench -- --scenario search)

  --productions <n>   productions to seed (default 100000)
  --requests <n>      requests per case (default 200)
  --connections <n>   concurrent connections per case (default 8)
  --workers <n>       server processes (default 2)
  --pool <n>          DATABASE_POOL_SIZE of each worker (default 10)
  --server dist|src   the built server or the TypeScript through tsx (default dist)
  --port <n>          port for the server under test (default 3901)
  --case-seconds <n>  time budget of one case; a slow case makes fewer requests (default 12)
  --keep-db           keep the database afterwards
`;

/** The searches and lists a customer makes, with what each exercises. */
const CASES: { name: string; query: Record<string, string | number> }[] = [
  { name: 'search: Chinese, 2 characters (长安)', query: { q: '长安' } },
  { name: 'search: Chinese, 4 characters (流浪地球)', query: { q: '流浪地球' } },
  { name: 'search: Latin word (Planet)', query: { q: 'Planet' } },
  { name: 'search: misspelt (Interstelar)', query: { q: 'Interstelar' } },
  { name: 'search: Latin word, relevance order', query: { q: 'Planet', sort: 'relevance' } },
  { name: 'list: recommended', query: { sort: 'recommended' } },
  { name: 'list: time', query: { sort: 'time' } },
  { name: 'list: price-asc', query: { sort: 'price-asc' } },
  { name: 'list: price-desc', query: { sort: 'price-desc' } },
  { name: 'list: box-office', query: { sort: 'box-office' } },
  { name: 'list: rating', query: { sort: 'rating' } },
  { name: 'list: movies, rating', query: { kind: 'movie', sort: 'rating' } },
  { name: 'list: city (Shanghai), time', query: { city: '310100', sort: 'time' } },
  { name: 'list: recommended, page 50', query: { sort: 'recommended', page: 50 } },
];

/** Two-character words that make Chinese titles; 流浪 + 地球 is one combination among thousands. */
const ZH_WORDS = [
  '长安', '地球', '流浪', '星辰', '大海', '江湖', '少年', '英雄', '故事', '夜晚', '秘密', '战争', '春天', '梦想', '归来',
  '青春', '城市', '时光', '天空', '远方', '家园', '风暴', '传奇', '山河', '烟火', '月亮', '花开', '雪国', '黎明', '长河',
  '追光', '狂飙', '深海', '银河', '草原', '孤岛', '迷城', '白夜', '人生', '父亲', '母亲', '姐姐', '我们', '他们', '侠客',
  '熊猫', '哪吒', '西游', '红楼', '三国', '水浒', '封神', '唐人', '街头', '舞台', '交响', '丝路', '敦煌', '故宫', '国宝',
];
const ZH_SUFFIXES = ['', '', '', '之夜', '传说', '前传', '2', '3', '：终章', '（重映）', '音乐会', '特展'];
const EN_ADJECTIVES = [
  'Lost', 'Silent', 'Golden', 'Broken', 'Hidden', 'Last', 'Wild', 'Dark', 'Bright', 'Frozen', 'Burning', 'Secret',
  'Endless', 'Distant', 'Crimson', 'Electric', 'Midnight', 'Wandering', 'Interstellar', 'Forgotten', 'Rising', 'Eternal',
  'Little', 'Great', 'Brave',
];
const EN_NOUNS = [
  'Planet', 'Earth', 'City', 'River', 'Kingdom', 'Garden', 'Empire', 'Horizon', 'Ocean', 'Mountain', 'Dream', 'Voyage',
  'Symphony', 'Journey', 'Legend', 'Island', 'Station', 'Harbor', 'Forest', 'Desert', 'Machine', 'Storm', 'Winter',
  'Summer', 'Light', 'Shadow', 'Heart', 'Road', 'Sky', 'Star', 'Moon', 'Bridge', 'Tower', 'Castle', 'Mirror', 'Song',
  'Dance', 'Circus', 'Museum', 'Orchestra', 'Theatre', 'Frontier', 'Galaxy', 'Signal', 'Echo', 'Spring', 'Festival',
  'Tale', 'Promise', 'Return',
];

const literalArray = (words: string[]) => sql.raw(`array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(',')}]`);

/**
 * 100,000 productions in one statement (a third each movies, performances, exhibitions): half have a
 * Chinese title with a Latin original title, a fifth only a Chinese title, the rest only a Latin one.
 * Then sessions for one in twenty (with a price tier), and sales figures for one in five. The word
 * lists are constants of this file, so they are inlined as SQL literals.
 */
async function seedCatalogue(db: Db, count: number, merchantId: string, venueId: string): Promise<Record<string, number>> {
  await db.execute(sql`select setseed(0.42)`);
  await db.execute(sql`
    insert into production (kind, title, original_title, categories, duration_minutes, release_date, status,
                            rating_average, rating_count)
    select kind,
           case when shape < 7 then zh else en end,
           case when shape < 5 then en else null end,
           case kind when 'movie' then array['drama', 'sci-fi'] when 'performance' then array['concert'] else array['art'] end,
           60 + (g % 120), current_date - (g % 900) + 60,
           case when g % 20 = 0 then 'draft' else 'published' end,
           case when g % 3 = 0 then null else round((random() * 9 + 1)::numeric, 1) end,
           (g % 500)
    from (
      select g, (array['movie', 'performance', 'exhibition'])[1 + g % 3] as kind, (g % 10) as shape,
             zw[1 + floor(random() * cardinality(zw))::int] || zw[1 + floor(random() * cardinality(zw))::int]
               || zs[1 + floor(random() * cardinality(zs))::int] as zh,
             'The ' || ea[1 + floor(random() * cardinality(ea))::int] || ' ' || en[1 + floor(random() * cardinality(en))::int]
               || case when random() < 0.3 then ' ' || (1 + floor(random() * 4))::int else '' end as en
      from generate_series(1, ${count}) g,
           (select ${literalArray(ZH_WORDS)} as zw, ${literalArray(ZH_SUFFIXES)} as zs,
                   ${literalArray(EN_ADJECTIVES)} as ea, ${literalArray(EN_NOUNS)} as en) words
    ) p`);
  await db.execute(sql`
    insert into session (merchant_id, production_id, venue_id, mode, starts_at, ends_at, local_date, currency)
    select ${merchantId}, id, ${venueId}, 'tiered', starts, starts + interval '2 hours',
           (starts at time zone 'Asia/Shanghai')::date, 'CNY'
    from (select id, now() + (1 + floor(random() * 30)) * interval '1 day' + interval '11 hours' as starts
          from production where status = 'published' and random() < 0.05) p`);
  await db.execute(sql`
    insert into session_tier (session_id, name, price, capacity, sort_order)
    select id, '普通票', (80 + floor(random() * 600)) * 100, 100, 0 from session`);
  await db.execute(sql`
    insert into production_stat (production_id, views, tickets_sold, box_office_amount)
    select id, floor(random() * 100000), t, t * 4500
    from (select id, floor(random() * 20000)::bigint as t from production where random() < 0.2) p`);
  await db.execute(sql`analyze`);
  const [counts] = await queryRows<Record<string, number>>(
    db,
    sql`select (select count(*)::int from production) as productions,
               (select count(*)::int from production where status = 'published') as published,
               (select count(*)::int from session) as sessions,
               (select count(*)::int from production_stat) as with_sales,
               (select count(*)::int from production where title like '%长安%' or original_title like '%长安%') as "长安",
               (select count(*)::int from production where title like '%流浪地球%') as "流浪地球",
               (select count(*)::int from production where title like '%Planet%' or original_title like '%Planet%') as "Planet",
               (select count(*)::int from production where title like '%Interstellar%' or original_title like '%Interstellar%') as "Interstellar"`,
  );
  return counts!;
}

/** A handle that runs EXPLAIN ANALYZE before each query it is given, keeps the plan, then runs the query. */
function explaining(db: Db, plans: string[][]): Db {
  return {
    async execute(query: SQL) {
      const plan = await queryRows<{ 'QUERY PLAN': string }>(db, sql`explain (analyze, buffers) ${query}`);
      plans.push(plan.map((row) => row['QUERY PLAN']));
      return db.execute(query);
    },
  } as unknown as Db;
}

const pathOf = (query: Record<string, string | number>) =>
  `/api/productions?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`;

interface CaseResult {
  name: string;
  path: string;
  total: number | null;
  firstTitles: string[];
  sequential: LatencySummary;
  concurrent: LatencySummary & { requestsPerSecond: number; connections: number; statuses: Record<string, number> };
  plan: { executionMs: number | null; planningMs: number | null; text: string[] };
  fast: boolean;
}

/**
 * Times one path: a few requests alone (the latency one person sees), then `requests` with `connections`
 * at once. Each phase stops early when its share of `budgetSeconds` is spent, so a slow query costs
 * the run seconds, not minutes; the answer says how many were made.
 */
async function timeCase(
  pool: Pool,
  path: string,
  requests: number,
  connections: number,
  budgetSeconds: number,
): Promise<{ sequential: Float64Array; concurrent: Float64Array; seconds: number; statuses: Record<string, number>; first: unknown }> {
  const statuses: Record<string, number> = {};
  const get = async () => {
    const started = performance.now();
    const response = await pool.request({ method: 'GET', path });
    const text = await response.body.text();
    statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
    return { ms: performance.now() - started, text };
  };
  const first = JSON.parse((await get()).text) as unknown;
  await get();
  const sequential: number[] = [];
  const aloneUntil = performance.now() + (budgetSeconds * 1000) / 3;
  while (sequential.length < 30 && (sequential.length < 3 || performance.now() < aloneUntil)) sequential.push((await get()).ms);
  const concurrent: number[] = [];
  let issued = 0;
  const started = performance.now();
  const until = started + (budgetSeconds * 2000) / 3;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (issued < requests && (issued < connections * 2 || performance.now() < until)) {
        issued += 1;
        concurrent.push((await get()).ms);
      }
    }),
  );
  return {
    sequential: Float64Array.from(sequential),
    concurrent: Float64Array.from(concurrent),
    seconds: (performance.now() - started) / 1000,
    statuses,
    first,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      productions: { type: 'string', default: '100000' },
      requests: { type: 'string', default: '200' },
      connections: { type: 'string', default: '8' },
      workers: { type: 'string', default: '2' },
      pool: { type: 'string', default: '10' },
      server: { type: 'string', default: 'dist' },
      port: { type: 'string', default: '3901' },
      'case-seconds': { type: 'string', default: '12' },
      scenario: { type: 'string' },
      'keep-db': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    say(HELP);
    return 0;
  }
  const settings = {
    productions: Number(values.productions),
    requests: Number(values.requests),
    connections: Number(values.connections),
    workers: Number(values.workers),
    poolSize: Number(values.pool),
    server: values.server === 'src' ? ('src' as const) : ('dist' as const),
    port: Number(values.port),
    caseSeconds: Number(values['case-seconds']),
  };
  const startedAt = new Date();
  const database = await createBenchDatabase(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres', 'boxoffice_search');
  say(`bench database ${database.name}`);
  let server: RunningServer | null = null;
  try {
    const env = serverEnvironment(database.url, { port: settings.port, workers: settings.workers, poolSize: settings.poolSize });
    const config = loadConfig(env);
    const deps = await createDeps({ ...config, workers: 1, databasePoolSize: 2 }, createLogger(config));
    let seeded: Record<string, number>;
    let seedSeconds: number;
    const plans = new Map<string, string[]>();
    try {
      await prepareDatabase(deps);
      const { db } = deps.database;
      const [owner] = await queryRows<{ id: string }>(db, sql`insert into app_user (username) values ('search_owner') returning id`);
      const ctx = { db, clock: deps.clock };
      const { merchant, venue } = await createMerchantWithVenue(ctx, {
        applicantUserId: owner!.id,
        merchantName: '检索压测',
        venue: { name: '检索剧场', kind: 'theatre', cityCode: '310100', address: '静安区南京西路 1 号', timezone: 'Asia/Shanghai' },
      });
      await approveMerchant(ctx, { merchantId: merchant.id, reviewerId: null });
      const seedStarted = performance.now();
      seeded = await seedCatalogue(db, settings.productions, merchant.id, venue.id);
      seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
      say(`seeded ${fixed(seeded.productions!)} productions, ${fixed(seeded.sessions!)} sessions in ${seedSeconds}s`);
      for (const testCase of CASES) {
        const text: string[][] = [];
        const query = { page: 1, pageSize: 20, sort: 'recommended', ...testCase.query } as ProductionListQuery;
        await browseProductions(explaining(db, text), systemClock, query);
        plans.set(testCase.name, text[0] ?? []);
      }
    } finally {
      await deps.database.close();
    }

    let mode = settings.server;
    if (mode === 'dist' && !buildServer().ok) {
      say('npm run build failed: running server/src/main.ts through tsx');
      mode = 'src';
    }
    server = await startServer({ env, mode, logFile: join(RESULTS_DIR, `server-search-${startedAt.toISOString().replace(/[:.]/g, '-')}.log`) });
    const pool = new Pool(server.origin, { connections: settings.connections });
    const results: CaseResult[] = [];
    const before = cpuSnapshot();
    for (const testCase of CASES) {
      const path = pathOf(testCase.query);
      const timed = await timeCase(pool, path, settings.requests, settings.connections, settings.caseSeconds);
      const page = timed.first as { total?: number; items?: { title: string; originalTitle: string | null }[] };
      const concurrent = latencySummary(timed.concurrent);
      const plan = plans.get(testCase.name) ?? [];
      const ms = (label: string) => {
        const line = plan.find((row) => row.startsWith(label));
        return line ? Number(/([\d.]+) ms/.exec(line)?.[1]) : null;
      };
      results.push({
        name: testCase.name,
        path,
        total: page.total ?? null,
        firstTitles: (page.items ?? []).slice(0, 3).map((item) => `${item.title}${item.originalTitle ? ` / ${item.originalTitle}` : ''}`),
        sequential: latencySummary(timed.sequential),
        concurrent: {
          ...concurrent,
          requestsPerSecond: Math.round(timed.concurrent.length / timed.seconds),
          connections: settings.connections,
          statuses: timed.statuses,
        },
        plan: { executionMs: ms('Execution Time'), planningMs: ms('Planning Time'), text: plan },
        fast: concurrent.p95Ms < TARGET_P95_MS,
      });
      const r = results.at(-1)!;
      say(
        `  ${r.name.padEnd(42)} total ${String(r.total).padStart(6)}  alone p50 ${r.sequential.p50Ms} ms; ` +
          `${settings.connections} at once p50 ${r.concurrent.p50Ms} / p95 ${r.concurrent.p95Ms} ms, ${r.concurrent.requestsPerSecond}/s; ` +
          `plan ${r.plan.executionMs} ms`,
      );
    }
    const cpu = cpuUse(before, cpuSnapshot(), server.pid, database.name);
    await pool.close();
    await server.stop();
    server = null;
    const report = {
      startedAt: startedAt.toISOString(),
      settings: { ...settings, server: mode, targetP95Ms: TARGET_P95_MS },
      machine: { ...machineFacts(), postgres: await serverFacts(database.pool) },
      seeded,
      seedSeconds,
      cases: results,
      cpu,
      target: { name: `every search and list p95 < ${TARGET_P95_MS} ms with ${settings.connections} concurrent requests`, met: results.every((r) => r.fast) },
    };
    const file = writeResults(RESULTS_DIR, 'search', startedAt, report, 'latest-search.json');
    say(`target: ${report.target.name}: ${report.target.met ? 'met' : 'MISSED'} (slow: ${results.filter((r) => !r.fast).map((r) => r.name).join('; ') || 'none'})`);
    say(`results: ${file}`);
    return results.every((r) => Object.keys(r.concurrent.statuses).every((status) => status === '200')) ? 0 : 1;
  } finally {
    if (server) await server.stop();
    if (values['keep-db']) {
      await database.pool.end();
      say(`kept database ${database.name}`);
    } else {
      await database.drop();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`search bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
