/**
 * Sends due invitations by e-mail (nodemailer over SMTP), each with its signed single-use link
 * to collect. A refusal of the recipient (5xx) is a bounce, kept on the invitation; anything
 * else (server down, 4xx) is retried with backoff, then given up as failed.
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { signSurveyToken } from '@continuum/platform';
import { ListenConfig } from '../listen.config';
import { InvitationsRepository, type DueInvitation } from './invitations.repository';
import { invitationMail } from './mail';
import { publishStatuses, statusOf } from '../contact-policy/funnel';

const MAX_ATTEMPTS = 5;

@Injectable()
export class InvitationSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('invitations');
  private transport: Transporter | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly cfg: ListenConfig,
    private readonly ds: DataSource,
    private readonly repo: InvitationsRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.cfg.LISTEN_SMTP_URL || !this.cfg.COLLECT_TOKEN_SECRET) {
      this.logger.log(
        'invitations are queued but not sent: LISTEN_SMTP_URL or COLLECT_TOKEN_SECRET is not set',
      );
      return;
    }
    this.transport = createTransport(this.cfg.LISTEN_SMTP_URL, { from: this.cfg.LISTEN_MAIL_FROM });
    this.timer = setInterval(() => this.tick(), this.cfg.LISTEN_INVITATION_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.transport?.close();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sendDue()
      .catch((err: unknown) => this.logger.warn(`sending invitations failed, retrying: ${String(err)}`))
      .finally(() => (this.running = null));
  }

  private async sendDue(): Promise<void> {
    for (;;) {
      const n = await this.ds.transaction(async (m) => {
        const due = await this.repo.claimDue(20, m);
        for (const inv of due) await this.sendOne(inv, m);
        return due.length;
      });
      if (n < 20) return;
    }
  }

  private async sendOne(
    inv: DueInvitation,
    m: Parameters<InvitationsRepository['markSent']>[2],
  ): Promise<void> {
    const token = signSurveyToken(this.cfg.COLLECT_TOKEN_SECRET!, {
      t: inv.tenantId,
      i: inv.key,
      s: inv.survey.id,
      v: inv.survey.version,
      l: inv.language,
      e: Math.floor(inv.expiresAt.getTime() / 1000),
    });
    const link = `${this.cfg.COLLECT_PUBLIC_URL}/s/${token}`;
    const mail = invitationMail(inv.survey, inv.language, link);
    const funnel = {
      tenantId: inv.tenantId,
      invitationId: inv.id,
      touchpoint: inv.touchpoint,
      channel: inv.channel,
      invitedAt: inv.invitedAt.toISOString(),
    };
    const now = () => new Date().toISOString();
    try {
      await this.transport!.sendMail({ to: inv.address, ...mail });
      await this.repo.markSent(inv.tenantId, inv.id, m);
      await publishStatuses(m, [statusOf(funnel, 'delivered', now())]);
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      const message = err instanceof Error ? err.message : String(err);
      if (code !== undefined && code >= 500) {
        await this.repo.markFailed(inv.tenantId, inv.id, 'bounced', message, null, m);
        await publishStatuses(m, [statusOf(funnel, 'bounced', now())]);
      } else if (inv.attempts + 1 >= MAX_ATTEMPTS) {
        await this.repo.markFailed(inv.tenantId, inv.id, 'failed', message, null, m);
        await publishStatuses(m, [statusOf(funnel, 'failed', now())]);
      } else {
        const retryAt = new Date(Date.now() + 5000 * 2 ** inv.attempts);
        await this.repo.markFailed(inv.tenantId, inv.id, 'queued', message, retryAt, m);
      }
    }
  }
}
