/**
 * Which digest period an instant falls in, and when that period's digest is due: local calendar
 * days (or weeks starting on the schedule's weekday) of the journey's time zone. Pure.
 */
import { localDate, localInstant, minutesOf } from '@continuum/journey';

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface DigestSchedule {
  readonly every: 'day' | 'week';
  /** Local time of day, `HH:MM`. */
  readonly at: string;
  /** Weekly only; default monday. */
  readonly weekday?: Weekday;
}

export interface DigestPeriod {
  /** `day:2026-03-02` or `week:2026-03-02` (the period's first local date): one digest per key. */
  readonly key: string;
  /** When the period's digest is due. */
  readonly sendAt: Date;
  /** When the previous period's digest was due: "newly verified" means since then. */
  readonly previousSendAt: Date;
}

/** The period `now` falls in (from its first local midnight to the next period's). */
export function digestPeriod(now: Date, s: DigestSchedule, timeZone: string): DigestPeriod {
  const l = localDate(now, timeZone);
  const length = s.every === 'day' ? 1 : 7;
  const back = s.every === 'day' ? 0 : (l.weekday - WEEKDAYS.indexOf(s.weekday ?? 'monday') + 7) % 7;
  const first = l.day - back;
  const at = minutesOf(s.at);
  return {
    key: `${s.every}:${new Date(Date.UTC(l.year, l.month - 1, first)).toISOString().slice(0, 10)}`,
    sendAt: new Date(localInstant(l.year, l.month, first, at, timeZone)),
    previousSendAt: new Date(localInstant(l.year, l.month, first - length, at, timeZone)),
  };
}

/**
 * Whether the scheduled job sends this period's digest at `now`: its time has come, and it came
 * after the channel was set (a channel set at 10:00 with digests at 08:00 starts tomorrow, so
 * replacing a team's channels never repeats today's digest).
 */
export function digestDue(p: DigestPeriod, now: Date, channelCreatedAt: Date): boolean {
  return p.sendAt.getTime() <= now.getTime() && p.sendAt.getTime() >= channelCreatedAt.getTime();
}

/** `2026-03-02 14:30` in the zone. */
export function formatLocal(instant: Date, timeZone: string): string {
  const l = localDate(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${two(l.month)}-${two(l.day)} ${two(Math.floor(l.minutes / 60))}:${two(l.minutes % 60)}`;
}
