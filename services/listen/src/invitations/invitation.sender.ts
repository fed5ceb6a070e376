/**
 * Sends due invitations by e-mail, each with its signed single-use link to collect. A refusal of
 * the recipient (5xx) is a bounce, kept on the invitation; anything else (server down, 4xx) is
 * retried with backoff, then given up as failed.
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { signSurveyToken } from '@continuum/platform';
import { ListenConfig } from '../listen.config';
import { failureOf, Mailer, PollLoop } from '../mail/mail';
import { InvitationsRepository, type DueInvitation } from './invitations.repository';
import { invitationMail } from './mail';
import { publishStatuses, statusOf } from '../contact-policy/funnel';

@Injectable()
export class InvitationSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('invitations');
  private readonly loop = new PollLoop(this.logger, () => this.sendDue());

  constructor(
    private readonly cfg: ListenConfig,
    private readonly ds: DataSource,
    private readonly repo: InvitationsRepository,
    private readonly mailer: Mailer,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.mailer.transport) {
      this.logger.log(
        'invitations are queued but not sent: LISTEN_SMTP_URL or COLLECT_TOKEN_SECRET is not set',
      );
      return;
    }
    this.loop.start(this.cfg.LISTEN_INVITATION_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
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
      await this.mailer.transport!.sendMail({ to: inv.address, ...mail });
      await this.repo.markSent(inv.tenantId, inv.id, m);
      await publishStatuses(m, [statusOf(funnel, 'delivered', now())]);
    } catch (err) {
      const f = failureOf(err, inv.attempts);
      await this.repo.markFailed(inv.tenantId, inv.id, f.status, f.message, f.retryAt, m);
      if (f.status !== 'queued') await publishStatuses(m, [statusOf(funnel, f.status, now())]);
    }
  }
}
