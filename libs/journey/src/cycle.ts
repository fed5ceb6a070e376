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
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - offsetMs(guess, timeZone);
  const second = guess - offsetMs(first, timeZone);
  return second;
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
