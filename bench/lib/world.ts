import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { loadConfig } from '../../server/src/config.js';
import { createLogger } from '../../server/src/logger.js';
import { createDeps, prepareDatabase } from '../../server/src/runtime.js';
import { queryRows } from '../../server/src/db/client.js';
import { createProduction } from '../../server/src/modules/catalog/index.js';
import { operatorActor } from '../../server/src/modules/identity/index.js';
import { accessTokenSigner } from '../../server/src/modules/identity/tokens.js';
import { addDays, createSession, localDateOf, zonedToUtc } from '../../server/src/modules/scheduling/index.js';
import { approveMerchant, createHall, createMerchantWithVenue } from '../../server/src/modules/venues/index.js';

const TIME_ZONE = 'Asia/Shanghai';
/** The flash-sale hall: 25 rows of 40 seats in three blocks (10 | 20 | 10) with aisles at columns 11 and 32. */
export const HALL = { rows: 25, cols: 42, aisles: [11, 32] } as const;
/** The tiered concert: 5,000 places in three tiers. */
export const TIERS = [
  { name: '内场 VIP', price: 128_000, capacity: 1_000 },
  { name: '看台 A', price: 88_000, capacity: 2_000 },
  { name: '看台 B', price: 48_000, capacity: 2_000 },
] as const;
/**
 * Customer n's id, a function of n so that the pgbench script can name a customer without a lookup
 * (the server knows the customer from the token, without asking the database).
 */
export const CUSTOMER_ID_SQL = "md5('bench-customer-' || n)::uuid";
/** The pgbench tier never runs dry within a run: a 10-second run at 2,000 tps takes 40,000 places. */
const PGBENCH_TIER_PLACES = 50_000;
/** High enough that the per-user limit never stops a customer; LIMIT_EXCEEDED is still counted apart. */
const MAX_TICKETS_PER_USER = 100;

/** The environment of the server under test; set-up reads the same settings through the server's config. */
export function serverEnvironment(databaseUrl: string, settings: { port: number; workers: number; poolSize: number }) {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(settings.port),
    PUBLIC_URL: `http://127.0.0.1:${settings.port}`,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(settings.poolSize),
    WORKERS: String(settings.workers),
    DATA_DIR: 'memory://',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    TICKET_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
    RATE_LIMIT_PER_ADDRESS: '1000000',
    ACCESS_TOKEN_TTL_SECONDS: '14400',
  };
}

export interface Customer {
  userId: string;
  authorization: string;
}

/** A seat as the bench lays out the hall: its unit id and place. */
export interface BenchSeat {
  id: string;
  row: number;
  col: number;
}

export interface World {
  merchantId: string;
  /** The flash sale: 1,000 seats. */
  seatedSessionId: string;
  /** The tiered concert: 5,000 places. */
  tieredSessionId: string;
  tiers: { id: string; name: string; capacity: number }[];
  /** Sessions only pgbench writes to: the same hall another day, and a tier of 50,000 places. */
  pgbench: {
    seated: { sessionId: string; productionId: string };
    tiered: { sessionId: string; tierId: string; productionId: string };
  };
  /** The flash-sale hall's seats by row, each row split into its blocks between aisles, in column order. */
  blocks: BenchSeat[][][];
  customers: Customer[];
}

function hallMap() {
  const cells = [];
  for (let row = 1; row <= HALL.rows; row += 1) {
    for (let col = 1; col <= HALL.cols; col += 1) {
      if ((HALL.aisles as readonly number[]).includes(col)) continue;
      const centre = col > HALL.aisles[0] && col < HALL.aisles[1];
      const vip = centre && row >= 9 && row <= 17;
      cells.push({ row, col, kind: 'seat' as const, ...(vip ? { type: 'vip', category: 'vip' } : {}) });
    }
  }
  return { rows: HALL.rows, cols: HALL.cols, cells };
}

/**
 * Sets the bench database up through the server's own code: migrations and start-up data as a server
 * start does them, then an approved merchant, the hall, the productions and the sessions through the
 * modules' use cases. Customers are made in one statement and get tokens from the server's own signer
 * (signing in 2,000 people would measure argon2, not holds).
 */
export async function createWorld(env: Record<string, string>, customerCount: number): Promise<World> {
  const config = loadConfig(env);
  const deps = await createDeps({ ...config, workers: 1, databasePoolSize: 4 }, createLogger(config));
  try {
    await prepareDatabase(deps);
    const { db } = deps.database;
    const clock = deps.clock;
    const [owner] = await queryRows<{ id: string }>(db, sql`insert into app_user (username) values ('bench_owner') returning id`);
    const ctx = { db, clock };
    const { merchant, venue } = await createMerchantWithVenue(ctx, {
      applicantUserId: owner!.id,
      merchantName: '压测文旅',
      venue: {
        name: '压测大剧院',
        kind: 'theatre',
        cityCode: '310100',
        address: '黄浦区人民大道 300 号',
        timezone: TIME_ZONE,
      },
    });
    await approveMerchant(ctx, { merchantId: merchant.id, reviewerId: null });
    const actor = operatorActor(owner!.id, 'merchant', merchant.id);
    const hall = await createHall(ctx, actor, venue.id, { name: '大剧场', seatMap: hallMap() }, { format: 'boxoffice' });

    const show = await createProduction(
      db,
      { kind: 'performance', title: '压测之夜', durationMinutes: 120, status: 'published', merchantId: merchant.id },
      clock,
    );
    const concert = await createProduction(
      db,
      { kind: 'performance', title: 'Load Test Live 演唱会', durationMinutes: 150, status: 'published', merchantId: merchant.id },
      clock,
    );
    const day = addDays(localDateOf(clock.now(), TIME_ZONE), 30);
    const at = (date: string) => zonedToUtc(date, '19:30', TIME_ZONE).toISOString();
    const policy = { maxTicketsPerUser: MAX_TICKETS_PER_USER };
    const prices = [
      { category: 'standard', price: 28_000 },
      { category: 'vip', price: 68_000 },
    ];
    const seated = await createSession(
      db,
      merchant.id,
      { productionId: show.id, mode: 'seated', hallId: hall.id, startsAt: at(day), prices, currency: 'CNY', policy },
      clock,
    );
    const pgbench = await createSession(
      db,
      merchant.id,
      { productionId: show.id, mode: 'seated', hallId: hall.id, startsAt: at(addDays(day, 1)), prices, currency: 'CNY', policy },
      clock,
    );
    const pgbenchTiered = await createSession(
      db,
      merchant.id,
      {
        productionId: concert.id,
        mode: 'tiered',
        venueId: venue.id,
        startsAt: at(addDays(day, 3)),
        tiers: [{ name: 'pgbench', price: 48_000, capacity: PGBENCH_TIER_PLACES }],
        currency: 'CNY',
        policy,
      },
      clock,
    );
    const tiered = await createSession(
      db,
      merchant.id,
      {
        productionId: concert.id,
        mode: 'tiered',
        venueId: venue.id,
        startsAt: at(addDays(day, 2)),
        tiers: TIERS.map((tier) => ({ ...tier })),
        currency: 'CNY',
        policy,
      },
      clock,
    );

    const users = await queryRows<{ id: string }>(
      db,
      sql`insert into app_user (id, username, nickname)
          select ${sql.raw(CUSTOMER_ID_SQL)}, 'bench_' || lpad(n::text, 6, '0'), '观众' || n
          from generate_series(1, ${customerCount}) n
          returning id`,
    );
    const signer = accessTokenSigner(config.jwtSecret, config.accessTokenTtlSeconds, () => new Date());
    const customers = await Promise.all(
      users.map(async (user) => ({
        userId: user.id,
        authorization: `Bearer ${await signer.sign({ userId: user.id, portal: 'customer', permissions: 0n, merchantId: null })}`,
      })),
    );

    const seats = await queryRows<BenchSeat>(
      db,
      sql`select id, seat_row as row, seat_col as col from inventory_unit
          where session_id = ${seated.id} order by seat_row, seat_col`,
    );
    return {
      merchantId: merchant.id,
      seatedSessionId: seated.id,
      tieredSessionId: tiered.id,
      tiers: tiered.tiers.map((tier) => ({ id: tier.id, name: tier.name, capacity: tier.capacity })),
      pgbench: {
        seated: { sessionId: pgbench.id, productionId: show.id },
        tiered: { sessionId: pgbenchTiered.id, tierId: pgbenchTiered.tiers[0]!.id, productionId: concert.id },
      },
      blocks: blocksOf(seats),
      customers,
    };
  } finally {
    await deps.database.close();
  }
}

/** Splits each row where columns are not consecutive (an aisle), so adjacency never crosses an aisle. */
function blocksOf(seats: BenchSeat[]): BenchSeat[][][] {
  const rows = new Map<number, BenchSeat[][]>();
  for (const seat of seats) {
    const blocks = rows.get(seat.row) ?? [];
    const block = blocks.at(-1);
    const previous = block?.at(-1);
    if (block && previous && previous.col === seat.col - 1) block.push(seat);
    else blocks.push([seat]);
    rows.set(seat.row, blocks);
  }
  return [...rows.keys()].sort((a, b) => a - b).map((row) => rows.get(row)!);
}

/** A numbered list of the pgbench session's seats, so the pgbench script can pick four by number. */
export async function preparePgbenchSeats(pool: pg.Pool, sessionId: string): Promise<number> {
  await pool.query(`create table bench_seat (n integer primary key, unit_id uuid not null)`);
  const { rowCount } = await pool.query(
    `insert into bench_seat (n, unit_id)
     select row_number() over (order by seat_row, seat_col) - 1, id from inventory_unit where session_id = $1`,
    [sessionId],
  );
  return rowCount ?? 0;
}
