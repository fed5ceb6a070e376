/**
 * The one way an action change leaves act: in the caller's transaction it writes the history
 * row, the `cx.actions.v1` CloudEvent to the outbox, one webhook delivery per subscription
 * that wants the change and one notification per channel of the owning team that wants it. Nothing is sent from here: the relay and the webhook dispatcher do that
 * after commit, so a slow receiver never blocks a consumer or a request.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  createEvent,
  partitionKey,
  Topic,
  type ActionChange,
  type ActionView,
  type CloudEvent,
  type LoopClosedV1,
} from '@continuum/contracts';
import { enqueueOutbox, outboxRecord } from '@continuum/persistence';
import { NotificationOutbox, NOTIFIED_CHANGES } from '../notifications/notification-outbox';
import { ActionsRepository } from './actions.repository';

export const ACT_SOURCE = '/continuum/act';
export const SYSTEM_ACTOR = 'continuum';

/** Webhook event types: `action.<change>` for every change, and `loop.closed`. */
export const WEBHOOK_EVENT_TYPES = [
  'action.opened',
  'action.acknowledged',
  'action.resolved',
  'action.verified',
  'action.reopened',
  'action.cancelled',
  'action.escalated',
  'action.evidence-added',
  'action.noted',
  'loop.closed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface Change {
  readonly action: ActionView;
  readonly change: ActionChange;
  readonly actor: string;
  /** The person's display name (or key prefix) behind `actor`, when a caller made the change. */
  readonly actorName?: string;
  readonly comment: string | null;
  /** The event or request that caused it; its correlation id is carried on. */
  readonly cause?: Pick<CloudEvent, 'id' | 'correlationId'>;
  readonly at?: string;
}

/** A CloudEvent in structured mode, the body of a webhook delivery. */
export function structured(event: CloudEvent, eventType: WebhookEventType): string {
  return JSON.stringify({
    specversion: event.specversion,
    id: event.id,
    type: event.type,
    source: event.source,
    time: event.time,
    ...(event.subject !== undefined ? { subject: event.subject } : {}),
    tenantid: event.tenantId,
    correlationid: event.correlationId,
    ...(event.causationId !== undefined ? { causationid: event.causationId } : {}),
    continuumevent: eventType,
    datacontenttype: 'application/json',
    data: event.data,
  });
}

interface Pending {
  readonly tenantId: string;
  readonly eventType: WebhookEventType;
  readonly eventId: string;
  /** Built only for events some subscription wants: most tenants have none. */
  readonly payload: () => string;
}

@Injectable()
export class ActionLog {
  constructor(
    private readonly actions: ActionsRepository,
    private readonly notifications: NotificationOutbox,
  ) {}

  async record(m: EntityManager, changes: readonly Change[]): Promise<void> {
    if (changes.length === 0) return;
    const now = new Date().toISOString();
    const events = changes.map((c) =>
      createEvent({
        type: Topic.Actions,
        source: ACT_SOURCE,
        tenantId: c.action.tenantId,
        subject: c.action.id,
        cause: c.cause,
        data: {
          change: c.change,
          actor: c.actor,
          ...(c.actorName !== undefined ? { actorName: c.actorName } : {}),
          comment: c.comment,
          action: c.action,
        },
      }),
    );
    await this.actions.addHistory(
      m,
      changes.map((c) => ({
        actionId: c.action.id,
        change: c.change,
        actor: c.actor,
        actorName: c.actorName ?? null,
        comment: c.comment,
        sourceEventId: c.cause?.id ?? null,
        at: c.at ?? now,
      })),
    );
    await enqueueOutbox(
      m,
      'act',
      events.map((e) => outboxRecord(Topic.Actions, partitionKey(e.tenantId, e.data.action.id), e)),
    );
    await this.deliveries(
      m,
      events.map((e) => ({
        tenantId: e.tenantId,
        eventType: `action.${e.data.change}` as WebhookEventType,
        eventId: e.id,
        payload: () => structured(e, `action.${e.data.change}` as WebhookEventType),
      })),
    );
    await this.notifications.enqueue(
      m,
      events.flatMap((e) => {
        const event = NOTIFIED_CHANGES[e.data.change];
        return event ? [{ event, eventId: e.id, action: e.data.action, comment: e.data.comment }] : [];
      }),
    );
  }

  /** "You said, we did": cx.loop.closed.v1 and its webhook deliveries. */
  async loopClosed(
    m: EntityManager,
    closed: readonly { data: LoopClosedV1; cause?: Pick<CloudEvent, 'id' | 'correlationId'> }[],
  ): Promise<void> {
    if (closed.length === 0) return;
    const events = closed.map((c) =>
      createEvent({
        type: Topic.LoopClosed,
        source: ACT_SOURCE,
        tenantId: c.data.tenantId,
        subject: c.data.actionId,
        cause: c.cause,
        data: c.data,
      }),
    );
    await enqueueOutbox(
      m,
      'act',
      events.map((e) => outboxRecord(Topic.LoopClosed, partitionKey(e.tenantId, e.data.actionId), e)),
    );
    await this.deliveries(
      m,
      events.map((e) => ({
        tenantId: e.tenantId,
        eventType: 'loop.closed',
        eventId: e.id,
        payload: () => structured(e, 'loop.closed'),
      })),
    );
  }

  /**
   * One delivery row per (event, subscription wanting its type). The subscriptions of the batch's
   * tenants are read first, so payloads are built and sent to the database only when wanted.
   */
  private async deliveries(m: EntityManager, pending: readonly Pending[]): Promise<void> {
    const subs: { tenant_id: string; event_types: string[] }[] = await m.query(
      `SELECT tenant_id, event_types FROM act.webhooks WHERE active AND tenant_id = ANY($1::text[])`,
      [[...new Set(pending.map((p) => p.tenantId))]],
    );
    if (subs.length === 0) return;
    const wanted = pending.filter((p) =>
      subs.some(
        (s) =>
          s.tenant_id === p.tenantId && (s.event_types.includes(p.eventType) || s.event_types.includes('*')),
      ),
    );
    if (wanted.length === 0) return;
    await m.query(
      `INSERT INTO act.webhook_deliveries (id, webhook_id, tenant_id, event_type, event_id, payload)
       SELECT gen_random_uuid(), w.id, e.tenant_id, e.event_type, e.event_id, e.payload
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS e(tenant_id, event_type, event_id, payload)
       JOIN act.webhooks w ON w.tenant_id = e.tenant_id AND w.active
         AND (e.event_type = ANY(w.event_types) OR '*' = ANY(w.event_types))`,
      [
        wanted.map((p) => p.tenantId),
        wanted.map((p) => p.eventType),
        wanted.map((p) => p.eventId),
        wanted.map((p) => p.payload()),
      ],
    );
  }
}
