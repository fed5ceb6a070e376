/**
 * Limits that keep a service alive under load it cannot absorb: a token bucket per API key
 * (429), and load shedding on ingest when requests in flight or the outbox backlog pass their
 * limits (503). Both answer with Retry-After, so well-behaved senders slow down instead of
 * piling up; nothing accepted is dropped.
 */
import { HttpStatus, Injectable } from '@nestjs/common';
import { BaseServiceConfig } from './config';
import { ProblemException } from './problem';

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for the key; returns 0 when allowed, else the seconds until one is free. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.ratePerSecond);
    b.at = t;
    if (this.buckets.size > 100_000) this.buckets.clear();
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerSecond));
  }
}

@Injectable()
export class Backpressure {
  private inflight = 0;
  private backlog = 0;
  readonly limiter: RateLimiter;

  constructor(private readonly cfg: BaseServiceConfig) {
    this.limiter = new RateLimiter(cfg.RATE_LIMIT_PER_SECOND, cfg.RATE_LIMIT_BURST);
  }

  started(): void {
    this.inflight += 1;
  }

  finished(): void {
    this.inflight -= 1;
  }

  reportOutboxBacklog(rows: number): void {
    this.backlog = rows;
  }

  get inFlight(): number {
    return this.inflight;
  }

  get outboxBacklog(): number {
    return this.backlog;
  }

  /** Throws 429 when the key has spent its tokens. */
  admitKey(keyPrefix: string): void {
    const wait = this.limiter.take(keyPrefix);
    if (wait > 0) {
      throw new ProblemException(
        HttpStatus.TOO_MANY_REQUESTS,
        'Too many requests',
        `rate limit of ${this.cfg.RATE_LIMIT_PER_SECOND} requests/s per key`,
        {
          retryAfterSeconds: wait,
        },
      );
    }
  }

  /** Throws 503 on ingest when the service is saturated. */
  admitIngest(): void {
    if (this.inflight > this.cfg.MAX_INFLIGHT_REQUESTS) {
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'Overloaded',
        `more than ${this.cfg.MAX_INFLIGHT_REQUESTS} requests in flight`,
        {
          retryAfterSeconds: 1,
        },
      );
    }
    if (this.backlog > this.cfg.OUTBOX_BACKLOG_LIMIT) {
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'Overloaded',
        `${this.backlog} events waiting to be published`,
        {
          retryAfterSeconds: 5,
        },
      );
    }
  }
}
