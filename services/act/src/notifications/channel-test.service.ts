/**
 * A test message through a team's channels, on an admin's request: written to the delivery log
 * like any notification (so the dispatcher sends it with the same SSRF guard, retries and attempt
 * log), then waited for until its first attempt is recorded, to answer with the result.
 */
import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ProblemException } from '@continuum/platform';
import { ActConfig } from '../act.config';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher';
import { renderBulletin, testMessageOf } from './bulletin';
import type { ChannelKind, ChannelMode } from './channels.dto';
import { ChannelsRepository, type NotificationView } from './channels.repository';

export const TEST_EVENT = 'team.test';

@Injectable()
export class ChannelTestService {
  constructor(
    private readonly ds: DataSource,
    private readonly cfg: ActConfig,
    private readonly channels: ChannelsRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  /** Sends to each of the team's channels (or the one named); quiet hours do not hold a test back. */
  async send(
    tenantId: string,
    team: string,
    channelId: string | null,
    now: Date,
  ): Promise<NotificationView[]> {
    const rows: { id: string; kind: ChannelKind; target: string; mode: ChannelMode }[] = await this.ds.query(
      `SELECT id, kind, target, mode FROM act.team_channels
       WHERE tenant_id = $1 AND team = $2 AND active AND ($3::uuid IS NULL OR id = $3) ORDER BY position`,
      [tenantId, team, channelId],
    );
    if (rows.length === 0)
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'Not found',
        channelId ? `team ${team} has no channel ${channelId}` : `team ${team} has no notification channels`,
      );
    const ids: { id: string }[] = await this.ds.query(
      `INSERT INTO act.webhook_deliveries (id, channel_id, tenant_id, event_type, event_id, action_id, payload)
       SELECT gen_random_uuid(), r.channel_id, $1, '${TEST_EVENT}', r.event_id, NULL, r.payload
       FROM unnest($2::uuid[], $3::text[], $4::text[]) AS r(channel_id, event_id, payload)
       RETURNING id`,
      [
        tenantId,
        rows.map((r) => r.id),
        rows.map(() => `test:${randomUUID()}`),
        rows.map((r) =>
          renderBulletin(
            r.kind,
            testMessageOf(team, r.mode, this.cfg.ACT_CONSOLE_URL, now),
            r.kind === 'email' ? (JSON.parse(r.target) as string[]) : [],
          ),
        ),
      ],
    );
    this.dispatcher.wake();
    // The first attempt's result, or what is known when one send's timeout (and a margin) has passed.
    const deadline = Date.now() + this.cfg.ACT_WEBHOOK_TIMEOUT_MS + 5000;
    const deliveryIds = ids.map((r) => r.id);
    while (Date.now() < deadline) {
      const [{ n }]: { n: number }[] = await this.ds.query(
        `SELECT count(DISTINCT delivery_id)::int AS n FROM act.webhook_attempts WHERE delivery_id = ANY($1::uuid[])`,
        [deliveryIds],
      );
      if (n === deliveryIds.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.channels.notifications(tenantId, { ids: deliveryIds, limit: deliveryIds.length });
  }
}
