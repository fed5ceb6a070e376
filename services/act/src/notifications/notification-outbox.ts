/**
 * Writes team notifications into the webhook delivery log, in the caller's transaction: one row
 * per (event, channel in effect), rendered for the channel's kind. The unique (channel, event)
 * index makes it exactly once however often a change or an SLA warning is recorded; the webhook
 * dispatcher sends them with its retries, backoff and attempt log. Never sends anything itself.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ActionChange, ActionView } from '@continuum/contracts';
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
}

@Injectable()
export class NotificationOutbox {
  constructor(private readonly cfg: ActConfig) {}

  /** Returns how many deliveries were written (those already written for their event are not). */
  async enqueue(m: EntityManager, notices: readonly Notice[]): Promise<number> {
    if (notices.length === 0) return 0;
    const channels: ChannelRow[] = await m.query(
      `SELECT id, tenant_id, team, kind, target, events FROM act.team_channels
       WHERE active AND tenant_id = ANY($1::text[]) AND team = ANY($2::text[])`,
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
    }[] = [];
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
        });
      }
    }
    if (rows.length === 0) return 0;
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO act.webhook_deliveries (id, channel_id, tenant_id, event_type, event_id, action_id, payload)
       SELECT gen_random_uuid(), r.channel_id, r.tenant_id, r.event_type, r.event_id, r.action_id, r.payload
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[])
         AS r(channel_id, tenant_id, event_type, event_id, action_id, payload)
       ON CONFLICT (channel_id, event_id) WHERE channel_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        rows.map((r) => r.channelId),
        rows.map((r) => r.tenantId),
        rows.map((r) => r.event),
        rows.map((r) => r.eventId),
        rows.map((r) => r.actionId),
        rows.map((r) => r.payload),
      ],
    );
    return inserted.length;
  }
}
