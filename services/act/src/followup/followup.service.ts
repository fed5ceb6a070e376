/**
 * The inner loop: recorded feedback → follow-up actions by the tenant's playbook. Each event a
 * rule matches is claimed once (processed events) in the transaction that opens its action and
 * enqueues the change, so a redelivered event opens nothing more. Unhappy answers of consenting customers are
 * kept as contacts for "you said, we did". A fixed number of statements per batch.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CloudEvent, Topic } from '@continuum/contracts';
import { isUnhappy } from '@continuum/indicators';
import { claimEvents, openSealedComments, SubjectKeyCache } from '@continuum/persistence';
import { ActionLog, SYSTEM_ACTOR, type Change } from '../actions/action-log';
import { ActionsRepository, fromRow, type NewAction } from '../actions/actions.repository';
import { feedbackAction } from '../playbooks/playbook.rules';
import { PlaybooksRepository } from '../playbooks/playbooks.repository';

export const FOLLOWUP_CONSUMER = 'act.followup';

@Injectable()
export class FollowupService {
  constructor(
    private readonly ds: DataSource,
    private readonly actions: ActionsRepository,
    private readonly playbooks: PlaybooksRepository,
    private readonly log: ActionLog,
    private readonly keys: SubjectKeyCache,
  ) {}

  async handle(
    sealed: readonly CloudEvent<Topic.FeedbackRecorded>[],
    now = new Date(),
  ): Promise<{ opened: number }> {
    if (sealed.length === 0) return { opened: 0 };
    return this.ds.transaction(async (m) => {
      // A customer's comment arrives sealed: opened with their key, absent once they were erased.
      const opened = await openSealedComments(
        m,
        this.keys,
        sealed.map((e) => e.data),
      );
      const events = sealed.map((e, i) => ({ ...e, data: opened[i] }));
      // Unhappy answers (the one definition, libs/indicators) of consenting customers: kept once
      // whatever the redeliveries (the insert is idempotent on tenant and feedback id).
      const contacts = events
        .map((e) => e.data)
        .filter((f) => f.consentToContact && f.customerId !== null && isUnhappy(f));
      if (contacts.length > 0) {
        await m.query(
          `INSERT INTO act.contacts (tenant_id, feedback_id, customer_id, touchpoint, stage, channel, segment,
             occurred_at, nps, csat, ces, emoji, sentiment)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[],
             $8::timestamptz[], $9::smallint[], $10::smallint[], $11::smallint[], $12::smallint[], $13::float8[])
           ON CONFLICT DO NOTHING`,
          [
            contacts.map((f) => f.tenantId),
            contacts.map((f) => f.feedbackId),
            contacts.map((f) => f.customerId),
            contacts.map((f) => f.touchpoint),
            contacts.map((f) => f.stage),
            contacts.map((f) => f.channel),
            contacts.map((f) => JSON.stringify(f.segment)),
            contacts.map((f) => f.occurredAt),
            contacts.map((f) => f.nps),
            contacts.map((f) => f.csat),
            contacts.map((f) => f.ces),
            contacts.map((f) => f.emoji),
            contacts.map((f) => f.sentiment),
          ],
        );
      }
      const playbooks = await this.playbooks.current(
        m,
        events.map((e) => e.tenantId),
      );
      const matched: { e: CloudEvent<Topic.FeedbackRecorded>; a: NewAction }[] = [];
      for (const e of events) {
        const pb = playbooks.get(e.data.tenantId);
        if (!pb) continue;
        const view = feedbackAction(e, { playbook: pb.playbook, version: pb.version, now });
        if (view) {
          matched.push({
            e,
            a: { view, stageOwner: e.data.owner, gap: null, gapDetectedAt: null, verification: null },
          });
        }
      }
      // Only events with an effect beyond the idempotent insert above are claimed: most answers
      // match no rule and cost no processed-events row.
      const fresh = await claimEvents(
        m,
        'act',
        FOLLOWUP_CONSUMER,
        matched.map(({ e }) => e.id),
      );
      const candidates = matched.filter(({ e }) => fresh.has(e.id));
      if (candidates.length === 0) return { opened: 0 };
      // The first of a batch's events with one dedup key opens the action; the rest are evidence.
      const { inserted, holder } = await this.actions.openFirstPerKey(
        m,
        candidates.map(({ a }) => a),
      );
      const changes: Change[] = [];
      for (const { e, a } of candidates) {
        if (inserted.has(a.view.id)) {
          changes.push({ action: a.view, change: 'opened', actor: SYSTEM_ACTOR, comment: null, cause: e });
          continue;
        }
        const live = holder(a);
        if (live) {
          changes.push({
            action: fromRow(live),
            change: 'evidence-added',
            actor: SYSTEM_ACTOR,
            comment: a.view.description,
            cause: e,
          });
        }
      }
      await this.log.record(m, changes);
      return { opened: inserted.size };
    });
  }
}
