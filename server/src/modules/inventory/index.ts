import './errors.js';
import type { ModuleDeps } from '../../app.js';
import { inventoryRoutes } from './routes.js';

export {
  availabilityOfSessions,
  blockSessionUnits,
  createPoolUnits,
  createSeatUnits,
  repricePoolUnits,
  repriceSeatUnits,
  type Availability,
  type PoolUnitSpec,
  type SeatUnitSpec,
  type UnitState,
} from './service.js';

/**
 * The inventory module: one `inventory_unit` row per sellable place of a session (a seat, a tier place,
 * an entry place), in state free | held | sold | blocked. Units are created with their session, inside
 * its transaction. A seat's unit id is the seat id of the seat map and of orders. Row invariants the
 * table enforces: a held unit has its order and `held_until`; a sold unit has its order; only held units
 * carry `held_until`; free units carry no order.
 */
export function inventoryModule(deps: ModuleDeps) {
  return inventoryRoutes(deps);
}
export {
  asSeatType,
  bestAvailable,
  checkSeatSelection,
  SEAT_TYPES,
  type BestAvailableOptions,
  type GridSeat,
  type SeatGrid,
  type SeatRuleCode,
  type SeatSelectionCheck,
  type SeatType,
} from './seating/index.js';
export { notifySeatChanges, type SeatChange } from './live/notify.js';
export {
  extendOrderHold,
  findBestSeats,
  freeRefundedUnits,
  holdBusyFor,
  holdUnitsSql,
  lockBestSeats,
  lockPoolPlaces,
  lockRequestedSeats,
  precheckRequestedSeats,
  releaseOrderUnits,
  sellOrderUnits,
  type Gate,
  type HoldUnitsInput,
  type LockedUnit,
  type OfferedSeat,
  type ReleasedUnits,
} from './holds/service.js';
export {
  PUBLISH_INTERVAL_MS,
  publishReleased,
  seatChangePublisher,
  type SeatChangePublisher,
} from './holds/publish.js';
