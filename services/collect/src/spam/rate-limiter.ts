/**
 * Fixed-window counters per key (a link's token, a client address, a widget key and address):
 * how many requests a window admits and, past that, how long to wait. In memory, per process:
 * with N replicas a client gets up to N times the limit. Pure but for the clock it is given.
 */
export type Admission = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  admit(key: string, now = Date.now()): Admission {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      // A flood of distinct keys must not grow memory without bound: expired windows go first.
      if (this.windows.size >= this.maxKeys) this.prune(now);
      w = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count <= this.limit) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) };
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}
