/**
 * Team e-mail over SMTP (nodemailer), through the server of ACT_SMTP_URL. One pooled transport
 * per process. A 5xx answer (a recipient refused, a message rejected) is permanent: retrying
 * would only repeat it, so the dispatcher marks such a delivery failed at once, with the reason.
 */
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { ActConfig } from '../act.config';
import type { EmailPayload } from './render';

export class MailError extends Error {
  override readonly name = 'MailError';
  constructor(
    message: string,
    /** An SMTP 5xx: the same message would be refused again. */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

interface NodemailerError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

/** "SMTP 550 5.1.1 mailbox unavailable" rather than nodemailer's wording, kept short. */
export function mailError(err: unknown): MailError {
  const e = (err ?? {}) as NodemailerError;
  if (typeof e.responseCode === 'number') {
    const said = (e.response ?? e.message ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
    return new MailError(
      `SMTP ${e.responseCode}: ${said.startsWith(String(e.responseCode)) ? said.slice(4) : said}`,
      e.responseCode >= 500,
    );
  }
  const msg = `${e.message ?? String(err)}${e.code ? ` (${e.code})` : ''}`.slice(0, 300);
  return new MailError(msg, false);
}

@Injectable()
export class Mailer implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(private readonly cfg: ActConfig) {}

  get configured(): boolean {
    return this.cfg.ACT_SMTP_URL !== undefined;
  }

  /** Where mail goes, without credentials (for messages). */
  get server(): string {
    if (!this.cfg.ACT_SMTP_URL) return '(none)';
    const u = new URL(this.cfg.ACT_SMTP_URL);
    return `${u.protocol}//${u.host}`;
  }

  private get(): Transporter {
    if (!this.cfg.ACT_SMTP_URL) throw new MailError('no SMTP server is configured (set ACT_SMTP_URL)', false);
    this.transport ??= createTransport(this.cfg.ACT_SMTP_URL, { from: this.cfg.ACT_SMTP_FROM });
    return this.transport;
  }

  /** Null when the server accepts a connection (and the login, if any); the reason otherwise. */
  async refusal(): Promise<string | null> {
    if (!this.cfg.ACT_SMTP_URL) return 'no SMTP server is configured (set ACT_SMTP_URL)';
    const probe = createTransport(this.cfg.ACT_SMTP_URL);
    try {
      await probe.verify();
      return null;
    } catch (err) {
      return `the SMTP server ${this.server} refused: ${mailError(err).message}`;
    } finally {
      probe.close();
    }
  }

  /** Sends one delivery; the delivery id is the Message-ID, the same on every retry. */
  async send(deliveryId: string, attempt: number, mail: EmailPayload): Promise<void> {
    try {
      await this.get().sendMail({
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${deliveryId}@continuum>`,
        headers: { 'X-Continuum-Delivery': deliveryId, 'X-Continuum-Attempt': String(attempt) },
      });
    } catch (err) {
      throw err instanceof MailError ? err : mailError(err);
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
