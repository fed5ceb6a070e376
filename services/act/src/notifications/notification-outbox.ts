/**
 * Writes team notifications into the webhook delivery log, in the caller's transaction: one row
 * per (event, channel in effect), rendered for the channel's kind. The unique (channel, event)
 * index makes it exactly once however often a change or an SLA warning is recorded; the webhook
 * dispatcher sends them with its retries, backoff and attempt log. Never sends anything itself.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ActionChange, ActionView } from '@continuum/contracts';
import { firstSendTime, type QuietHours } from '@continuum/journey';
import { ActConfig } from '../act.config';
import type { ChannelKind, NotifyEvent } from './channels.dto';
import { messageOf, renderPayload } from './render';

export interface Notice {
  readonly event: NotifyEvent;
  /** The CloudEvent id of the change, or `sla-warning:<action>:<level>`: one delivery per channel. */
  readonly eventId: string;
  readonly action: ActionView;
  readonly comment: string | null;
  /** Only these channels (an SLA warning goes to the channels whose lead time has come). */
  readonly channelIds?: readonly string[];
}

/** The action changes a team is told about, by the event name channels subscribe to. */
export const NOTIFIED_CHANGES: Partial<Record<ActionChange, NotifyEvent>> = {
  opened: 'action.opened',
  escalated: 'action.escalated',
  reopened: 'action.reopened',
  verified: 'action.verified',
};

interface ChannelRow {
  id: string;
  tenant_id: string;
  team: string;
  kind: ChannelKind;
  target: string;
  events: string[];
  quiet_hours: QuietHours | null;
  time_zone: string;
}

@Injectable()
export class NotificationOutbox {
  constructor(private readonly cfg: ActConfig) {}

  /** Returns how many deliveries were written (those already written for their event are not). */
  async enqueue(m: EntityManager, notices: readonly Notice[]): Promise<number> {
    if (notices.length === 0) return 0;
    // Digest channels are told nothing per event: the digest lists the actions instead.
    const channels: ChannelRow[] = await m.query(
      `SELECT c.id, c.tenant_id, c.team, c.kind, c.target, c.events, c.quiet_hours,
         coalesce(z.time_zone, 'UTC') AS time_zone
       FROM act.team_channels c LEFT JOIN act.tenant_zones z ON z.tenant_id = c.tenant_id
       WHERE c.active AND c.mode = 'immediate' AND c.tenant_id = ANY($1::text[]) AND c.team = ANY($2::text[])`,
      [[...new Set(notices.map((n) => n.action.tenantId))], [...new Set(notices.map((n) => n.action.owner))]],
    );
    if (channels.length === 0) return 0;
    const rows: {
      channelId: string;
      tenantId: string;
      event: string;
      eventId: string;
      actionId: string;
      payload: string;
      sendAt: Date;
    }[] = [];
    const now = new Date();
    for (const n of notices) {
      const message = messageOf({
        event: n.event,
        action: n.action,
        comment: n.comment,
        consoleUrl: this.cfg.ACT_CONSOLE_URL,
      });
      for (const c of channels) {
        if (c.tenant_id !== n.action.tenantId || c.team !== n.action.owner || !c.events.includes(n.event))
          continue;
        if (n.channelIds && !n.channelIds.includes(c.id)) continue;
        const to = c.kind === 'email' ? (JSON.parse(c.target) as string[]) : [];
        rows.push({
          channelId: c.id,
          tenantId: c.tenant_id,
          event: n.event,
          eventId: n.eventId,
          actionId: n.action.id,
          payload: renderPayload(c.kind, message, to),
          // Written now, sent once the channel's quiet hours are over.
          sendAt: firstSendTime(now, c.quiet_hours, c.time_zone),
        });
      }
    }
    if (rows.length === 0) return 0;
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO act.webhook_deliveries (id, channel_id, tenant_id, event_type, event_id, action_id, payload,
         next_attempt_at)
       SELECT gen_random_uuid(), r.channel_id, r.tenant_id, r.event_type, r.event_id, r.action_id, r.payload,
         greatest(now(), r.send_at)
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::timestamptz[])
         AS r(channel_id, tenant_id, event_type, event_id, action_id, payload, send_at)
       ON CONFLICT (channel_id, event_id) WHERE channel_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        rows.map((r) => r.channelId),
        rows.map((r) => r.tenantId),
        rows.map((r) => r.event),
        rows.map((r) => r.eventId),
        rows.map((r) => r.actionId),
        rows.map((r) => r.payload),
        rows.map((r) => r.sendAt.toISOString()),
      ],
    );
    return inserted.length;
  }
}
