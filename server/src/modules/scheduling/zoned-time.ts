/**
 * Wall-clock time in a venue's IANA time zone, computed with the runtime's zone database (Intl), so
 * daylight-saving changes land where they should. Dates are `YYYY-MM-DD`, times `HH:MM`.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockOf(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The zone's offset from UTC at that instant, in milliseconds (east positive). */
export function offsetAt(instant: Date, timeZone: string): number {
  const wall = wallClockOf(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The calendar date of an instant in a zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const wall = wallClockOf(instant, timeZone);
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

/**
 * The instant at which the zone's clocks show `time` on `date`. A time skipped by a spring-forward
 * change resolves to the same wall-clock distance after the change (02:30 becomes 03:30); a time that
 * occurs twice in the autumn resolves to its first occurrence.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Try the offsets in force a day either side of the wall time: one of them is right.
  const candidates = [
    offsetAt(new Date(wallAsUtc - 86_400_000), timeZone),
    offsetAt(new Date(wallAsUtc + 86_400_000), timeZone),
  ].sort((a, b) => b - a);
  for (const offset of candidates) {
    const instant = new Date(wallAsUtc - offset);
    if (offsetAt(instant, timeZone) === offset) return instant;
  }
  // The wall time falls in a spring-forward gap: move it forward by the gap.
  return new Date(wallAsUtc - candidates[candidates.length - 1]!);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to`, both counted (1 for the same day, 0 or less when `to` is earlier). */
export function daysInclusive(from: string, to: string): number {
  const parse = (value: string) => {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return Date.UTC(year, month - 1, day);
  };
  return Math.round((parse(to) - parse(from)) / 86_400_000) + 1;
}

/** Whether a `YYYY-MM-DD` string names a real calendar day (the schema checks only its shape). */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value;
}
