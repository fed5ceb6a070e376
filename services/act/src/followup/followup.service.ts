/**
 * The inner loop: recorded feedback → follow-up actions. Each event is claimed once (processed
 * events) in the transaction that opens its action and enqueues `cx.actions.v1`, so a
 * redelivered event opens nothing more.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, partitionKey, Topic, type ActionView, type CloudEvent } from '@continuum/contracts';
import { claimEvents, enqueueOutbox, outboxRecord } from '@continuum/persistence';
import { ActionsRepository } from '../actions/actions.repository';
import { followupAction, isDetractor } from './followup.rules';

export const ACT_SOURCE = '/continuum/act';
const CONSUMER = 'act.followup';
const SYSTEM = 'continuum';

@Injectable()
export class FollowupService {
  constructor(
    private readonly ds: DataSource,
    private readonly actions: ActionsRepository,
  ) {}

  async handle(
    events: readonly CloudEvent<Topic.FeedbackRecorded>[],
    now = new Date(),
  ): Promise<{ opened: number }> {
    if (events.length === 0) return { opened: 0 };
    return this.ds.transaction(async (m) => {
      const fresh = await claimEvents(
        m,
        'act',
        CONSUMER,
        events.map((e) => e.id),
      );
      const candidates = events
        .filter((e) => fresh.has(e.id) && isDetractor(e.data))
        .map((e) => ({ e, a: followupAction(e, now) }));
      // The first of a batch's events with one dedup key opens the action; the rest are evidence.
      const firstByKey = new Map<string, ActionView>();
      for (const { a } of candidates) {
        const k = `${a.tenantId}\u0000${a.dedupKey}`;
        if (!firstByKey.has(k)) firstByKey.set(k, a);
      }
      const inserted = await this.actions.insertNew(m, [...firstByKey.values()]);
      const history: Parameters<ActionsRepository['addHistory']>[1][number][] = [];
      const outbox = [];
      for (const { e, a } of candidates) {
        if (inserted.has(a.id)) {
          history.push({
            actionId: a.id,
            change: 'opened',
            actor: SYSTEM,
            comment: null,
            sourceEventId: e.id,
          });
          outbox.push(this.changed(a, 'opened', e));
          continue;
        }
        const live = await this.actions.findLiveByDedupKey(m, a.tenantId, a.dedupKey);
        if (live) {
          history.push({
            actionId: live.id,
            change: 'evidence-added',
            actor: SYSTEM,
            comment: a.description,
            sourceEventId: e.id,
          });
          outbox.push(this.changed(live, 'evidence-added', e));
        }
      }
      await this.actions.addHistory(m, history);
      await enqueueOutbox(m, 'act', outbox);
      return { opened: inserted.size };
    });
  }

  private changed(action: ActionView, change: 'opened' | 'evidence-added', cause: CloudEvent) {
    return outboxRecord(
      Topic.Actions,
      partitionKey(action.tenantId, action.id),
      createEvent({
        type: Topic.Actions,
        source: ACT_SOURCE,
        tenantId: action.tenantId,
        subject: action.id,
        cause,
        data: { change, actor: SYSTEM, comment: null, action },
      }),
    );
  }
}
