/**
 * Cycles are calendar periods of the tenant's time zone (a "day" in Rome starts at 00:00 Rome
 * time, 23:00 or 22:00 UTC), assigned by event time so a late event lands in its own cycle.
 */
import type { Cycle, CycleLength } from '@continuum/contracts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(t: number, timeZone: string): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(t))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

function offsetMs(t: number, timeZone: string): number {
  const l = localParts(t, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** The instant at which the local date y-m-d begins in the zone (DST-safe). */
export function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  return localInstant(year, month, day, 0, timeZone);
}

/**
 * The instant of the local time `minutes` after midnight on the local date y-m-d (days and months
 * out of range roll over). A time a DST change skips lands an hour later.
 */
export function localInstant(
  year: number,
  month: number,
  day: number,
  minutes: number,
  timeZone: string,
): number {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  const first = guess - offsetMs(guess, timeZone);
  return guess - offsetMs(first, timeZone);
}

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** ISO: 0 is Monday, 6 Sunday. */
  readonly weekday: number;
  /** Minutes since local midnight. */
  readonly minutes: number;
}

/** The local calendar date and time of day of an instant in the zone. */
export function localDate(instant: Date, timeZone: string): LocalDate {
  const l = localParts(instant.getTime(), timeZone);
  return {
    year: l.year,
    month: l.month,
    day: l.day,
    weekday: (new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay() + 6) % 7,
    minutes: l.hour * 60 + l.minute,
  };
}

/** `HH:MM` → minutes since midnight. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Local hours (`HH:MM`–`HH:MM`, possibly across midnight) in which nothing is sent. */
export interface QuietHours {
  readonly from: string;
  readonly to: string;
}

/** Whether a local time of day (minutes since midnight) is inside the quiet hours. */
export function inQuietHours(minutes: number, q: QuietHours): boolean {
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

/**
 * The first instant from `earliest` outside the quiet hours (local time in `timeZone`). A DST
 * change inside the quiet hours shifts the end by that hour; never inside the window's start.
 */
export function firstSendTime(earliest: Date, quiet: QuietHours | null, timeZone: string): Date {
  if (!quiet || quiet.from === quiet.to) return earliest;
  const now = localDate(earliest, timeZone).minutes;
  if (!inQuietHours(now, quiet)) return earliest;
  const wait = (minutesOf(quiet.to) - now + 1440) % 1440;
  const at = new Date(earliest.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}

export function cycleOf(instant: Date | string, length: CycleLength, timeZone = 'UTC'): Cycle {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const l = localParts(t, timeZone);
  let start: number;
  let end: number;
  switch (length) {
    case 'day':
      start = localMidnight(l.year, l.month, l.day, timeZone);
      end = localMidnight(l.year, l.month, l.day + 1, timeZone);
      break;
    case 'week': {
      // ISO weeks start on Monday.
      const dow = (new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay() + 6) % 7;
      start = localMidnight(l.year, l.month, l.day - dow, timeZone);
      end = localMidnight(l.year, l.month, l.day - dow + 7, timeZone);
      break;
    }
    case 'month':
      start = localMidnight(l.year, l.month, 1, timeZone);
      end = localMidnight(l.year, l.month + 1, 1, timeZone);
      break;
  }
  return { length, start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** The cycle just before `c`. */
export function previousCycle(c: Cycle, timeZone = 'UTC'): Cycle {
  return cycleOf(new Date(Date.parse(c.start) - 1), c.length, timeZone);
}
