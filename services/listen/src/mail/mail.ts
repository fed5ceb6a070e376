/**
 * What invitations and loop messages share: one SMTP transport (nodemailer), how a refusal is
 * judged (a 5xx is a bounce, kept; anything else is retried with backoff, then failed), and the
 * polling loop that sends what is due.
 */
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { ListenConfig } from '../listen.config';

const MAX_ATTEMPTS = 5;

export interface Failure {
  readonly status: 'bounced' | 'failed' | 'queued';
  readonly message: string;
  /** When to try again (`queued` only). */
  readonly retryAt: Date | null;
}

export function failureOf(err: unknown, attempts: number, now = new Date()): Failure {
  const code = (err as { responseCode?: number }).responseCode;
  const message = err instanceof Error ? err.message : String(err);
  if (code !== undefined && code >= 500) return { status: 'bounced', message, retryAt: null };
  if (attempts + 1 >= MAX_ATTEMPTS) return { status: 'failed', message, retryAt: null };
  return { status: 'queued', message, retryAt: new Date(now.getTime() + 5000 * 2 ** attempts) };
}

/**
 * The SMTP URL with `pool=true` unless it says otherwise: invitations and loop messages reuse
 * one connection instead of a new one (and its STARTTLS handshake) per message.
 */
export function pooled(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has('pool')) u.searchParams.set('pool', 'true');
  return u.toString();
}

@Injectable()
export class Mailer implements OnApplicationShutdown {
  /** Null when listen may not send (no SMTP server or no link secret configured). */
  readonly transport: Transporter | null;

  constructor(cfg: ListenConfig) {
    this.transport =
      cfg.LISTEN_SMTP_URL && cfg.COLLECT_TOKEN_SECRET
        ? createTransport(pooled(cfg.LISTEN_SMTP_URL), { from: cfg.LISTEN_MAIL_FROM })
        : null;
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

/** Runs `work` every `everyMs`, never twice at once; `stop` waits for the run in hand. */
export class PollLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly work: () => Promise<void>,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => this.tick(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.work()
      .catch((err: unknown) => this.logger.warn(`sending failed, retrying: ${String(err)}`))
      .finally(() => (this.running = null));
  }
}
