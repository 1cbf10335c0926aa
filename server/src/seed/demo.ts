import type { AppDeps } from '../app.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../clock.js';
import { createProduction } from '../modules/catalog/index.js';
import { createUser, findUserIdByLogin, grantMerchantRole, operatorActor } from '../modules/identity/index.js';
import { createLicence } from '../modules/licensing/index.js';
import { addDays, createSession, localDateOf, openEntryQuotas, zonedToUtc } from '../modules/scheduling/index.js';
import {
  addVenue,
  approveMerchant,
  createHall,
  createMerchantWithVenue,
  reviewAddedVenue,
  type VenueInput,
} from '../modules/venues/index.js';
import { CINEMA_HALLS, DEMO_ACCOUNTS, DEMO_MOVIES, MUSEUM, OPEN_REHEARSAL, THEATRE_CONCERT, type DemoMovie } from './demo-data.js';

/** Reports each step of the seed (the CLI draws a bar, the server logs a line). */
export type SeedProgress = (step: { done: number; total: number; label: string }) => void;

const TIME_ZONE = 'Asia/Shanghai';
const WEEK_DAYS = 7;
const MUSEUM_DAYS = 14;
/** Cinema halls open at 10:00 and start their last show before 22:30. */
const FIRST_SHOW_MINUTES = 10 * 60;
const LAST_START_MINUTES = 22 * 60 + 30;
const CLEANING_BUFFER_MINUTES = 15;

const roundUpTo = (minutes: number, step: number): number => Math.ceil(minutes / step) * step;
const clockTime = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export interface SeedResult {
  seeded: boolean;
  sessions: number;
}

/**
 * Loads the demo world once: a merchant running a cinema in Beijing (three halls, six licensed movies,
 * a week of sessions), a theatre with a tiered concert and a museum with two entry slots a day for two
 * weeks, plus the demo customer and merchant accounts. Everything goes through the modules' own use
 * cases inside one transaction, so a failed seed leaves nothing behind and a second run does nothing.
 */
export async function seedDemo(deps: AppDeps, progress: SeedProgress = () => {}): Promise<SeedResult> {
  const { db } = deps.database;
  if (await findUserIdByLogin(db, DEMO_ACCOUNTS.merchant.username)) return { seeded: false, sessions: 0 };
  const adminId = await findUserIdByLogin(db, deps.config.adminUsername);
  if (!adminId) throw new Error('the first admin must exist before the demo seed runs');
  return db.transaction(async (tx) => seedWorld(tx, deps.clock, adminId, progress));
}

async function seedWorld(db: Db, clock: Clock, adminId: string, progress: SeedProgress): Promise<SeedResult> {
  // accounts, merchant and venues, halls; a step per movie and per day; concert, rehearsal, museum.
  const total = 3 + DEMO_MOVIES.length + WEEK_DAYS + 3;
  let done = 0;
  const step = (label: string) => progress({ done: (done += 1), total, label });

  const now = clock.now();
  await createUser(db, { ...DEMO_ACCOUNTS.customer, policy: 'demo' }, now);
  const owner = await createUser(db, { ...DEMO_ACCOUNTS.merchant, policy: 'demo' }, now);
  step('accounts');

  const ctx = { db, clock };
  const { merchant, venue: cinema } = await createMerchantWithVenue(ctx, {
    applicantUserId: owner.id,
    merchantName: '星河文旅集团',
    venue: {
      name: '星河影城（王府井店）',
      kind: 'cinema',
      cityCode: '110100',
      address: '东城区王府井大街 138 号',
      timezone: TIME_ZONE,
      latitude: 39.914,
      longitude: 116.411,
      phone: '010-65280000',
      cleaningBufferMinutes: CLEANING_BUFFER_MINUTES,
    },
  });
  await approveMerchant(ctx, { merchantId: merchant.id, reviewerId: adminId });
  await grantMerchantRole(db, { userId: owner.id, merchantId: merchant.id, role: 'merchant-owner' });
  const merchantActor = operatorActor(owner.id, 'merchant', merchant.id);
  const adminActor = operatorActor(adminId, 'admin');
  const addApprovedVenue = async (input: VenueInput) => {
    const venue = await addVenue(ctx, merchantActor, input);
    await reviewAddedVenue(ctx, adminActor, venue.id, { decision: 'approve' });
    return venue;
  };
  const theatre = await addApprovedVenue(THEATRE_CONCERT.venue);
  const museum = await addApprovedVenue(MUSEUM.venue);
  step('merchant and venues');

  const halls = [];
  for (const hall of CINEMA_HALLS) {
    halls.push(await createHall(ctx, merchantActor, cinema.id, hall.body, { format: 'boxoffice' }));
  }
  step('halls');

  const today = localDateOf(now, TIME_ZONE);
  const movies = [];
  for (const movie of DEMO_MOVIES) {
    const production = await createProduction(db, { ...movie.production, kind: 'movie', status: 'published' }, clock);
    await createLicence(
      db,
      {
        merchantId: merchant.id,
        productionId: production.id,
        from: addDays(today, -7),
        to: addDays(today, 60),
        fee: { amount: movie.licenceFee, currency: 'CNY' },
      },
      clock,
    );
    movies.push({ ...movie, id: production.id });
    step(`movie ${movie.production.title}`);
  }

  let sessions = 0;
  for (let day = 0; day < WEEK_DAYS; day += 1) {
    const date = addDays(today, day);
    for (const [hallIndex, hall] of halls.entries()) {
      sessions += await scheduleHallDay(db, clock, merchant.id, {
        hallId: hall.id,
        prices: CINEMA_HALLS[hallIndex]!.prices,
        date,
        movies: rotate(movies, day + hallIndex),
        notBefore: now,
      });
    }
    step(`cinema sessions ${date}`);
  }

  const concert = await createProduction(
    db,
    { ...THEATRE_CONCERT.production, kind: 'performance', status: 'published', merchantId: merchant.id },
    clock,
  );
  await createSession(
    db,
    merchant.id,
    {
      productionId: concert.id,
      mode: 'tiered',
      venueId: theatre.id,
      startsAt: zonedToUtc(addDays(today, 10), '19:30', TIME_ZONE).toISOString(),
      tiers: THEATRE_CONCERT.tiers,
      currency: 'CNY',
      policy: { maxTicketsPerUser: 4 },
    },
    clock,
  );
  sessions += 1;
  step('concert');

  const rehearsal = await createProduction(
    db,
    { ...OPEN_REHEARSAL.production, kind: 'performance', status: 'published', merchantId: merchant.id },
    clock,
  );
  const soon = roundUpTo(Math.ceil(now.getTime() / 60_000) + OPEN_REHEARSAL.startsInMinutes, 15);
  await createSession(
    db,
    merchant.id,
    {
      productionId: rehearsal.id,
      mode: 'tiered',
      venueId: theatre.id,
      startsAt: new Date(soon * 60_000).toISOString(),
      tiers: OPEN_REHEARSAL.tiers,
      currency: 'CNY',
      policy: { maxTicketsPerUser: 4, refundCutoffMinutes: 15 },
    },
    clock,
  );
  sessions += 1;
  step('open rehearsal');

  const exhibition = await createProduction(
    db,
    { ...MUSEUM.production, kind: 'exhibition', status: 'published', merchantId: merchant.id },
    clock,
  );
  const quotas = await openEntryQuotas(
    db,
    merchant.id,
    museum.id,
    {
      productionId: exhibition.id,
      from: today,
      to: addDays(today, MUSEUM_DAYS - 1),
      slots: MUSEUM.slots,
      ticketTypes: MUSEUM.ticketTypes,
    },
    { clock },
  );
  sessions += quotas.created;
  step('museum entry quotas');
  return { seeded: true, sessions };
}

/** Each hall shows the movies in turn from 10:00, leaving the cleaning buffer between shows. */
async function scheduleHallDay(
  db: Db,
  clock: Clock,
  merchantId: string,
  plan: {
    hallId: string;
    prices: { category: string; price: number }[];
    date: string;
    movies: (DemoMovie & { id: string })[];
    notBefore: Date;
  },
): Promise<number> {
  let created = 0;
  let start = FIRST_SHOW_MINUTES;
  for (let show = 0; start <= LAST_START_MINUTES; show += 1) {
    const movie = plan.movies[show % plan.movies.length]!;
    const startsAt = zonedToUtc(plan.date, clockTime(start), TIME_ZONE);
    if (startsAt > plan.notBefore) {
      await createSession(
        db,
        merchantId,
        { productionId: movie.id, mode: 'seated', hallId: plan.hallId, startsAt: startsAt.toISOString(), prices: plan.prices },
        clock,
      );
      created += 1;
    }
    start = roundUpTo(start + movie.production.durationMinutes + CLEANING_BUFFER_MINUTES, 5);
  }
  return created;
}

const rotate = <T>(items: T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length]!);
