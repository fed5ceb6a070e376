/**
 * Sends due invitations by e-mail (nodemailer over SMTP) or SMS (an HTTP gateway, `sms.ts`), each
 * with its signed single-use link to collect. A refusal of the recipient (SMTP 5xx, a gateway's
 * 4xx) is a bounce, kept on the invitation; anything else (server down, SMTP 4xx, gateway 5xx) is
 * retried with backoff, then given up as failed. A channel without its transport waits queued.
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { signSurveyToken } from '@continuum/platform';
import { publishStatuses, statusOf } from '../contact-policy/funnel';
import { ListenConfig } from '../listen.config';
import { failureOf, Mailer, PollLoop, type Failure } from '../mail/mail';
import { InvitationsRepository, type DueInvitation } from './invitations.repository';
import { invitationMail } from './mail';
import { invitationSms, sendSms, SmsRefused, type SmsGateway } from './sms';

@Injectable()
export class InvitationSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('invitations');
  private readonly loop = new PollLoop(this.logger, () => this.sendDue());
  private sms: SmsGateway | null = null;

  constructor(
    private readonly cfg: ListenConfig,
    private readonly ds: DataSource,
    private readonly repo: InvitationsRepository,
    private readonly mailer: Mailer,
  ) {}

  onApplicationBootstrap(): void {
    const c = this.cfg;
    if (c.LISTEN_SMS_GATEWAY_URL && c.COLLECT_TOKEN_SECRET)
      this.sms = {
        url: c.LISTEN_SMS_GATEWAY_URL,
        ...(c.LISTEN_SMS_USERNAME !== undefined ? { username: c.LISTEN_SMS_USERNAME } : {}),
        ...(c.LISTEN_SMS_PASSWORD !== undefined ? { password: c.LISTEN_SMS_PASSWORD } : {}),
        from: c.LISTEN_SMS_FROM,
        allowPrivate: c.LISTEN_SMS_ALLOW_PRIVATE === 'true',
      };
    if (!this.mailer.transport && !this.sms) {
      this.logger.log(
        'invitations are queued but not sent: LISTEN_SMTP_URL (or LISTEN_SMS_GATEWAY_URL) or COLLECT_TOKEN_SECRET is not set',
      );
      return;
    }
    this.loop.start(c.LISTEN_INVITATION_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private async sendDue(): Promise<void> {
    const channels = [...(this.mailer.transport ? ['email'] : []), ...(this.sms ? ['sms'] : [])];
    for (;;) {
      const n = await this.ds.transaction(async (m) => {
        const due = await this.repo.claimDue(20, channels, m);
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
    const funnel = {
      tenantId: inv.tenantId,
      invitationId: inv.id,
      touchpoint: inv.touchpoint,
      channel: inv.channel,
      invitedAt: inv.invitedAt.toISOString(),
    };
    const now = () => new Date().toISOString();
    try {
      if (inv.channel === 'sms')
        await sendSms(this.sms!, inv.address, invitationSms(inv.survey, inv.language, link));
      else
        await this.mailer.transport!.sendMail({
          to: inv.address,
          ...invitationMail(inv.survey, inv.language, link),
        });
      await this.repo.markSent(inv.tenantId, inv.id, m);
      await publishStatuses(m, [statusOf(funnel, 'delivered', now())]);
    } catch (err) {
      const f: Failure =
        err instanceof SmsRefused && err.permanent
          ? { status: 'bounced', message: err.message, retryAt: null }
          : failureOf(err, inv.attempts);
      await this.repo.markFailed(inv.tenantId, inv.id, f.status, f.message, f.retryAt, m);
      if (f.status !== 'queued') await publishStatuses(m, [statusOf(funnel, f.status, now())]);
    }
  }
}
