/** Sends queued "you said, we did" messages over the invitations' SMTP transport. */
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListenConfig } from '../listen.config';
import { failureOf, Mailer, PollLoop } from '../mail/mail';
import { LoopMessagesRepository } from './loop-messages.repository';

@Injectable()
export class LoopMessagesSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('loop-messages');
  private readonly loop = new PollLoop(this.logger, () => this.sendDue());

  constructor(
    private readonly cfg: ListenConfig,
    private readonly ds: DataSource,
    private readonly repo: LoopMessagesRepository,
    private readonly mailer: Mailer,
  ) {}

  onApplicationBootstrap(): void {
    if (this.mailer.transport) this.loop.start(this.cfg.LISTEN_INVITATION_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private async sendDue(): Promise<void> {
    for (;;) {
      const n = await this.ds.transaction(async (m) => {
        const due = await this.repo.claimDue(20, m);
        for (const msg of due) {
          try {
            await this.mailer.transport!.sendMail({ to: msg.address, subject: msg.subject, text: msg.body });
            await this.repo.mark(msg, 'sent', null, null, m);
          } catch (err) {
            const f = failureOf(err, msg.attempts);
            await this.repo.mark(msg, f.status, f.message, f.retryAt, m);
          }
        }
        return due.length;
      });
      if (n < 20) return;
    }
  }
}
