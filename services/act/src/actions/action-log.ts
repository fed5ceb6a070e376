/**
 * The one way an action change leaves act: in the caller's transaction it writes the history
 * row, the `cx.actions.v1` CloudEvent to the outbox (an action about a customer with its
 * description and comment sealed with the customer's key: they may quote the customer), one webhook delivery per subscription
 * that wants the change and one notification per channel of the owning team that wants it. Nothing is sent from here: the relay and the webhook dispatcher do that
 * after commit, so a slow receiver never blocks a consumer or a request.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  compositeKey,
  createEvent,
  partitionKey,
  sealingSubject,
  sealText,
  Topic,
  type ActionChange,
  type ActionChangedV1,
  type ActionView,
  type CloudEvent,
  type LoopClosedV1,
} from '@continuum/contracts';
import {
  enqueueOutbox,
  outboxRecord,
  SubjectKeyCache,
  type SubjectKeys,
  type SubjectRef,
} from '@continuum/persistence';
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

function subjectsOf(actions: readonly ActionView[]): SubjectRef[] {
  const refs: SubjectRef[] = [];
  for (const a of actions) {
    const subject = sealingSubject(a);
    if (subject !== null) refs.push({ tenantId: a.tenantId, subject });
  }
  return refs;
}

/**
 * The change as `cx.actions.v1` carries it: for an action about a customer whose key exists (they
 * left a comment), the description and comment sealed with it. Without a key there is no comment of
 * theirs to quote: a key is created before any of their comments is published, and after their
 * erasure act's copy of it is gone (the follow-up saw it as absent).
 */
export function sealedForTopic(data: ActionChangedV1, keys: SubjectKeys): ActionChangedV1 {
  const { action } = data;
  const subject = sealingSubject(action);
  const key = subject === null ? undefined : keys.get(compositeKey(action.tenantId, subject));
  if (!key || subject === null) return data;
  const seal = (text: string) => sealText(key, action.tenantId, subject, text);
  return {
    ...data,
    comment: null,
    ...(data.comment !== null ? { sealedComment: seal(data.comment) } : {}),
    action: { ...action, description: SEALED_PLACEHOLDER, sealedDescription: seal(action.description) },
  };
}

/** What `description` reads on the topic when `sealedDescription` carries it. */
export const SEALED_PLACEHOLDER = '[sealed]';

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
    private readonly keys: SubjectKeyCache,
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
    const keys = await this.keys.get(m, subjectsOf(changes.map((c) => c.action)));
    await enqueueOutbox(
      m,
      'act',
      events.map((e) =>
        outboxRecord(Topic.Actions, partitionKey(e.tenantId, e.data.action.id), {
          ...e,
          data: sealedForTopic(e.data, keys),
        }),
      ),
    );
    // Webhooks and team channels are the tenant's own receivers: they get the text in clear.
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
