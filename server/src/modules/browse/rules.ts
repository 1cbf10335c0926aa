/**
 * The "recommended" order is an explainable score in [0, 1]: half the audience's rating (out of 10),
 * a third its sales against the best seller among the results, a sixth how recent its release is
 * (full for the first 30 days, fading to nothing at 180; an announced film counts half). The parts are
 * returned with each item so a person can see why it ranks where it does.
 */
export const RECOMMENDATION = {
  ratingWeight: 0.5,
  salesWeight: 1 / 3,
  recencyWeight: 1 / 6,
  freshDays: 30,
  staleDays: 180,
  announcedRecency: 0.5,
} as const;

export const SORTS = ['relevance', 'recommended', 'time', 'price-asc', 'price-desc', 'box-office', 'rating'] as const;
export type ProductionSort = (typeof SORTS)[number];

/** Without a search term there is nothing to be relevant to, so relevance falls back to recommended. */
export const effectiveSort = (sort: ProductionSort, q: string | undefined): ProductionSort =>
  sort === 'relevance' && !q ? 'recommended' : sort;
