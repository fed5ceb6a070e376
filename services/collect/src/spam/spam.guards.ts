/**
 * Spam guards of the public surface: per-link and per-address rate limits (429 with Retry-After).
 * The survey pages' honeypot lives with their answer (a filled one is thanked, not kept).
 */
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CollectConfig } from '../collect.config';
import { RateLimiter, type Admission } from './rate-limiter';

@Injectable()
export class RateLimits {
  private readonly perToken: RateLimiter;
  private readonly perAddress: RateLimiter;

  constructor(cfg: CollectConfig) {
    const windowMs = cfg.COLLECT_RATE_WINDOW_SECONDS * 1000;
    this.perToken = new RateLimiter(cfg.COLLECT_RATE_PER_TOKEN, windowMs);
    this.perAddress = new RateLimiter(cfg.COLLECT_RATE_PER_ADDRESS, windowMs);
  }

  /** The client address first (a flood from one place), then the link (a link shared with a bot). */
  admit(address: string, token: string | null): Admission {
    const byAddress = this.perAddress.admit(address);
    if (!byAddress.ok || token === null) return byAddress;
    return this.perToken.admit(token);
  }
}

const TOO_MANY = (seconds: number) => `<!doctype html>
<html lang="it">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Troppi tentativi · Too many attempts</title><link rel="stylesheet" href="/assets/survey.css"></head>
<body><main>
<h1 class="notice busy">Troppi tentativi</h1><p>Riprova tra ${seconds} secondi.</p>
<p lang="en"><strong>Too many attempts.</strong> Please try again in ${seconds} seconds.</p>
</main></body>
</html>
`;

/** Survey pages (`/s/<token>`): a friendly 429 page, in both languages (the link is not read yet). */
@Injectable()
export class SurveyPageLimits implements NestMiddleware {
  constructor(private readonly limits: RateLimits) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const m = /^\/s\/([^/?]{1,1024})/.exec(req.path);
    if (!m) return next();
    const a = this.limits.admit(req.ip ?? 'unknown', m[1]);
    if (a.ok) return next();
    res
      .status(429)
      .type('html')
      .set({
        'Retry-After': String(a.retryAfterSeconds),
        'Content-Security-Policy':
          "default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'",
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      })
      .send(TOO_MANY(a.retryAfterSeconds));
  }
}
