/** Waiting between attempts of the batch transport. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `baseMs` doubled `doublings` times (at most six), capped at 5 s. */
export function backoffMs(baseMs: number, doublings: number): number {
  return Math.min(baseMs * 2 ** Math.min(doublings, 6), 5000);
}
