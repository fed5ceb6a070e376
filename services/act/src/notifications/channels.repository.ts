import { recordAudit, type AuditActor } from '@continuum/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deliveryStateOf, type DeliveryRow, type DeliveryState } from '../webhooks/webhooks.repository';
import type { QuietHours } from '@continuum/journey';
import type { ChannelKind, ChannelMode, NotifyEvent } from './channels.dto';
import type { DigestSchedule } from './digest-schedule';

export interface ChannelView {
  readonly id: string;
  readonly kind: ChannelKind;
  /** E-mail: the addresses. */
  readonly to?: readonly string[];
  /** Chat: the webhook URL's origin only; the URL itself is a secret, never read back. */
  readonly url?: string;
  readonly events: readonly NotifyEvent[];
  readonly slaLeadMinutes: number;
  readonly mode: ChannelMode;
  readonly digest?: DigestSchedule;
  readonly quietHours?: QuietHours;
  readonly createdAt: string;
}

export interface NewChannel {
  readonly id: string;
  readonly kind: ChannelKind;
  /** Sealed URL (chat) or the addresses as JSON (e-mail). */
  readonly target: string;
  readonly hint: string;
  readonly events: readonly NotifyEvent[];
  readonly slaLeadMinutes: number;
  readonly mode: ChannelMode;
  readonly digest: DigestSchedule | null;
  readonly quietHours: QuietHours | null;
}

export interface NotificationView extends DeliveryState {
  readonly id: string;
  readonly team: string;
  readonly channel: { readonly id: string; readonly kind: ChannelKind };
  readonly event: string;
  readonly eventId: string;
  readonly actionId: string | null;
}

interface ChannelRow {
  id: string;
  kind: ChannelKind;
  target: string;
  target_hint: string;
  events: NotifyEvent[];
  sla_lead_minutes: number;
  mode: ChannelMode;
  digest: DigestSchedule | null;
  quiet_hours: QuietHours | null;
  created_at: Date;
}

const CHANNEL_COLUMNS =
  'id, kind, target, target_hint, events, sla_lead_minutes, mode, digest, quiet_hours, created_at';

const viewOf = (r: ChannelRow): ChannelView => ({
  id: r.id,
  kind: r.kind,
  ...(r.kind === 'email' ? { to: JSON.parse(r.target) as string[] } : { url: r.target_hint }),
  events: r.events,
  slaLeadMinutes: r.sla_lead_minutes,
  mode: r.mode,
  ...(r.digest ? { digest: r.digest } : {}),
  ...(r.quiet_hours ? { quietHours: r.quiet_hours } : {}),
  createdAt: r.created_at.toISOString(),
});

/** A team's channels (replaced as a whole by PUT) and the notifications sent through them. */
@Injectable()
export class ChannelsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Replaces the team's channels. Deliveries still pending on the old ones are marked failed with
   * the reason (visible in GET /v1/notifications), never silently dropped.
   */
  async replace(
    tenantId: string,
    team: string,
    channels: readonly NewChannel[],
    actor: AuditActor,
  ): Promise<ChannelView[]> {
    return this.ds.transaction(async (m) => {
      // Two PUTs of one team at once: one after the other, never both sets active.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('act.team_channels:' || $1 || ':' || $2))`, [
        tenantId,
        team,
      ]);
      await m.query(
        `UPDATE act.webhook_deliveries d SET status = 'failed', last_error = 'channel settings replaced before delivery'
         FROM act.team_channels c
         WHERE d.channel_id = c.id AND c.tenant_id = $1 AND c.team = $2 AND c.active AND d.status = 'pending'`,
        [tenantId, team],
      );
      await m.query(
        `UPDATE act.team_channels SET active = false WHERE tenant_id = $1 AND team = $2 AND active`,
        [tenantId, team],
      );
      const rows: ChannelRow[] = channels.length
        ? await m.query(
            `INSERT INTO act.team_channels (id, tenant_id, team, position, kind, target, target_hint, events,
               sla_lead_minutes, mode, digest, quiet_hours)
             SELECT c.id, $1, $2, c.position, c.kind, c.target, c.hint, string_to_array(c.events, ','), c.lead,
               c.mode, c.digest, c.quiet
             FROM unnest($3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[],
               $10::text[], $11::jsonb[], $12::jsonb[])
               AS c(id, position, kind, target, hint, events, lead, mode, digest, quiet)
             RETURNING ${CHANNEL_COLUMNS}`,
            [
              tenantId,
              team,
              channels.map((c) => c.id),
              channels.map((_, i) => i),
              channels.map((c) => c.kind),
              channels.map((c) => c.target),
              channels.map((c) => c.hint),
              channels.map((c) => c.events.join(',')),
              channels.map((c) => c.slaLeadMinutes),
              channels.map((c) => c.mode),
              channels.map((c) => (c.digest ? JSON.stringify(c.digest) : null)),
              channels.map((c) => (c.quietHours ? JSON.stringify(c.quietHours) : null)),
            ],
          )
        : [];
      await recordAudit(m, tenantId, actor, [
        {
          action: 'put',
          resource: 'team-channels',
          resourceId: team,
          detail: {
            channels: channels.map((c) => ({
              kind: c.kind,
              target: c.hint,
              events: c.events,
              mode: c.mode,
              ...(c.digest ? { digest: c.digest } : {}),
              ...(c.quietHours ? { quietHours: c.quietHours } : {}),
            })),
          },
        },
      ]);
      const order = new Map(channels.map((c, i) => [c.id, i]));
      return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map(viewOf);
    });
  }

  async list(tenantId: string, team: string): Promise<ChannelView[]> {
    const rows: ChannelRow[] = await this.ds.query(
      `SELECT ${CHANNEL_COLUMNS} FROM act.team_channels
       WHERE tenant_id = $1 AND team = $2 AND active ORDER BY position`,
      [tenantId, team],
    );
    return rows.map(viewOf);
  }

  async notifications(
    tenantId: string,
    q: { status?: string; actionId?: string; team?: string; ids?: readonly string[]; limit: number },
  ): Promise<NotificationView[]> {
    const rows: (DeliveryRow & {
      team: string;
      channel_id: string;
      kind: ChannelKind;
      action_id: string | null;
    })[] = await this.ds.query(
      `SELECT d.id, c.team, d.channel_id, c.kind, d.event_type, d.event_id, d.action_id, d.status, d.attempts,
         d.next_attempt_at, d.last_status_code, d.last_error, d.created_at, d.delivered_at,
         coalesce((SELECT json_agg(a ORDER BY a.attempt) FROM act.webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS log
       FROM act.webhook_deliveries d JOIN act.team_channels c ON c.id = d.channel_id
       WHERE d.tenant_id = $1 AND d.channel_id IS NOT NULL
         AND ($2::text IS NULL OR d.status = $2) AND ($3::uuid IS NULL OR d.action_id = $3)
         AND ($4::text IS NULL OR c.team = $4) AND ($6::uuid[] IS NULL OR d.id = ANY($6::uuid[]))
       ORDER BY d.created_at DESC, d.id LIMIT $5`,
      [tenantId, q.status ?? null, q.actionId ?? null, q.team ?? null, q.limit, q.ids ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      team: r.team,
      channel: { id: r.channel_id, kind: r.kind },
      event: r.event_type,
      eventId: r.event_id,
      actionId: r.action_id,
      ...deliveryStateOf(r),
    }));
  }
}
