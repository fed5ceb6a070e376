/** When an invitation may go out, and whether an interaction is sampled. Pure. */
import { createHash } from 'node:crypto';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/**
 * The first instant from `earliest` outside the quiet hours (`from`–`to`, local time in
 * `timeZone`, possibly across midnight). A DST change inside the quiet hours shifts the end by
 * that hour; invitations then go out an hour early or late, never inside the window's start.
 */
export function firstSendTime(
  earliest: Date,
  quiet: { readonly from: string; readonly to: string } | null,
  timeZone: string,
): Date {
  if (!quiet || quiet.from === quiet.to) return earliest;
  const now = localMinutes(earliest, timeZone);
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  const inside = from < to ? now >= from && now < to : now >= from || now < to;
  if (!inside) return earliest;
  const wait = (to - now + 1440) % 1440;
  const at = new Date(earliest.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}

/** Deterministic sampling: the same interaction is always in or out, whatever the redeliveries. */
export function sampled(tenantId: string, interactionId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  const h = createHash('sha256').update(`${tenantId}\u0000${interactionId}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < rate;
}
