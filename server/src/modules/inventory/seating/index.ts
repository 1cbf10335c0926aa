/**
 * Seat-selection rules: pure functions over a snapshot of one session's seats, called by the hold inside
 * its transaction after the seat rows are locked. No database, no clock.
 */
export { checkSeatSelection, type SeatRuleCode, type SeatSelectionCheck } from './check.js';
export { bestAvailable, type BestAvailableOptions } from './best-available.js';
export { SEAT_TYPES, asSeatType, type GridSeat, type SeatGrid, type SeatType } from './grid.js';
