/**
 * The outer loop: detected gaps → corrective actions by the tenant's playbook, one open action
 * per gap (scope, indicator, kind). A gap detected again in a later cycle while its action is
 * still open or being verified is added to it as evidence. Exactly-once by claimed event ids.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CloudEvent, Topic } from '@continuum/contracts';
import { claimEvents } from '@continuum/persistence';
import { ActionLog, SYSTEM_ACTOR, type Change } from '../actions/action-log';
import { ActionsRepository, fromRow, type NewAction } from '../actions/actions.repository';
import { gapAction } from '../playbooks/playbook.rules';
import { PlaybooksRepository } from '../playbooks/playbooks.repository';
import { compositeKey } from '@continuum/contracts';

export const GAPS_CONSUMER = 'act.gaps';

@Injectable()
export class GapsService {
  constructor(
    private readonly ds: DataSource,
    private readonly actions: ActionsRepository,
    private readonly playbooks: PlaybooksRepository,
    private readonly log: ActionLog,
  ) {}

  async handle(
    events: readonly CloudEvent<Topic.GapsDetected>[],
    now = new Date(),
  ): Promise<{ opened: number }> {
    if (events.length === 0) return { opened: 0 };
    return this.ds.transaction(async (m) => {
      const fresh = await claimEvents(
        m,
        'act',
        GAPS_CONSUMER,
        events.map((e) => e.id),
      );
      const todo = events.filter((e) => fresh.has(e.id));
      if (todo.length === 0) return { opened: 0 };
      const playbooks = await this.playbooks.current(
        m,
        todo.map((e) => e.tenantId),
      );
      const candidates: { e: CloudEvent<Topic.GapsDetected>; a: NewAction }[] = [];
      for (const e of todo) {
        const pb = playbooks.get(e.data.tenantId);
        const view = pb ? gapAction(e, { playbook: pb.playbook, version: pb.version, now }) : null;
        if (pb && view) {
          candidates.push({
            e,
            a: {
              view,
              stageOwner: e.data.owner,
              gap: e.data,
              gapDetectedAt: e.time,
              verification: pb.playbook.verification,
            },
          });
        }
      }
      const { inserted, holder } = await this.actions.openFirstPerKey(
        m,
        candidates.map(({ a }) => a),
      );
      const changes: Change[] = [];
      const seenGapKeys = new Set<string>();
      for (const { e, a } of candidates) {
        if (inserted.has(a.view.id)) {
          seenGapKeys.add(compositeKey(a.view.id, e.data.gapKey));
          changes.push({ action: a.view, change: 'opened', actor: SYSTEM_ACTOR, comment: null, cause: e });
          continue;
        }
        const live = holder(a);
        if (!live) continue;
        // The same gap published again (e.g. updated within its cycle) is not new evidence.
        const k = compositeKey(live.id, e.data.gapKey);
        if (live.gap_key === e.data.gapKey || seenGapKeys.has(k)) continue;
        seenGapKeys.add(k);
        changes.push({
          action: fromRow(live),
          change: 'evidence-added',
          actor: SYSTEM_ACTOR,
          comment: a.view.description,
          cause: e,
        });
      }
      await this.log.record(m, changes);
      return { opened: inserted.size };
    });
  }
}
