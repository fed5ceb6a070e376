/** Exponential backoff with up to 10% jitter: base·2^(attempt−1), capped. Pure. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (1 + 0.1 * random()));
}
