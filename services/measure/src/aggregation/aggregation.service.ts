/**
 * Folds recorded feedback and interactions into the mergeable per-cell state and publishes the
 * touched cells' indicators. Each event is claimed once in the transaction that adds it, so
 * redelivery never double-counts, and a late event lands in the cycle of its own event time.
 * Never decides gaps (the gaps feature does, when a cycle closes).
 */
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  createEvent,
  partitionKey,
  Topic,
  type CloudEvent,
  type FeedbackRecordedV1,
  type InteractionRecordedV1,
} from '@continuum/contracts';
import { claimEvents, enqueueOutbox, outboxRecord } from '@continuum/persistence';
import { JourneyDirectory } from '../journey/journey.directory';
import type { TenantSettings } from '../journey/journey.settings';
import { MeasureConfig } from '../measure.config';
import { AggregationRepository } from './aggregation.repository';
import {
  cellKey,
  feedbackProblem,
  foldFeedback,
  foldInteractions,
  interactionProblem,
  type Cell,
  type CycleTouch,
  type Fold,
} from './cells';
import { indicatorValues } from './metrics';

export const MEASURE_SOURCE = '/continuum/measure';
const FEEDBACK_CONSUMER = 'measure.feedback';
const INTERACTION_CONSUMER = 'measure.interaction';

export interface AddOutcome {
  readonly counted: number;
  /** Event id → why it was not counted. */
  readonly refused: Map<string, string>;
}

@Injectable()
export class AggregationService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: AggregationRepository,
    private readonly journeys: JourneyDirectory,
    private readonly cfg: MeasureConfig,
  ) {}

  async addFeedback(events: readonly CloudEvent<Topic.FeedbackRecorded>[]): Promise<AddOutcome> {
    return this.add(events, FEEDBACK_CONSUMER, feedbackProblem, (items, settings) =>
      foldFeedback(items, settings, this.cfg.MEASURE_COMMENT_SAMPLES),
    );
  }

  async addInteractions(events: readonly CloudEvent<Topic.InteractionRecorded>[]): Promise<AddOutcome> {
    return this.add(events, INTERACTION_CONSUMER, interactionProblem, foldInteractions);
  }

  private async add<T extends FeedbackRecordedV1 | InteractionRecordedV1>(
    events: readonly { readonly id: string; readonly tenantId: string; readonly data: T }[],
    consumer: string,
    problemOf: (item: T) => string | null,
    fold: (items: readonly T[], settings: (tenantId: string) => TenantSettings) => Fold,
  ): Promise<AddOutcome> {
    const refused = new Map<string, string>();
    const valid: { id: string; data: T }[] = [];
    for (const e of events) {
      const problem =
        e.data.tenantId !== e.tenantId ? 'data tenantId differs from the event tenant' : problemOf(e.data);
      if (problem) refused.set(e.id, problem);
      else valid.push(e);
    }
    if (valid.length === 0) return { counted: 0, refused };
    const settings = await this.journeys.many(valid.map((e) => e.data.tenantId));
    const counted = await this.ds.transaction(async (m) => {
      const fresh = await claimEvents(
        m,
        'measure',
        consumer,
        valid.map((e) => e.id),
      );
      // A batch may carry the same event twice (a producer retry): count it once.
      const seen = new Set<string>();
      const items = valid
        .filter((e) => fresh.has(e.id) && !seen.has(e.id) && seen.add(e.id))
        .map((e) => e.data);
      if (items.length === 0) return 0;
      const f = fold(items, (t) => settings.get(t)!);
      await this.repo.add(m, f, this.cfg.MEASURE_COMMENT_SAMPLES);
      await this.publishTouched(m, f);
      return items.length;
    });
    return { counted, refused };
  }

  /** One cx.metrics.updated.v1 per touched cell, with all its indicators after this batch. */
  private async publishTouched(m: EntityManager, f: Fold): Promise<void> {
    const touched = new Map<string, Cell>();
    for (const c of [...f.counts, ...f.moments]) {
      const cell: Cell = {
        tenantId: c.tenantId,
        cycleLength: c.cycleLength,
        cycleStart: c.cycleStart,
        scopeKind: c.scopeKind,
        scopeId: c.scopeId,
      };
      touched.set(cellKey(cell), cell);
    }
    const cycles = new Map<string, CycleTouch>(
      f.cycles.map((c) => [`${c.tenantId}\u0000${c.cycleLength}\u0000${c.cycleStart}`, c]),
    );
    const states = await this.repo.read(m, [...touched.values()]);
    await enqueueOutbox(
      m,
      'measure',
      states.map((s) => {
        const c = cycles.get(`${s.cell.tenantId}\u0000${s.cell.cycleLength}\u0000${s.cell.cycleStart}`)!;
        return outboxRecord(
          Topic.MetricsUpdated,
          partitionKey(s.cell.tenantId, s.cell.scopeKind, s.cell.scopeId),
          createEvent({
            type: Topic.MetricsUpdated,
            source: MEASURE_SOURCE,
            tenantId: s.cell.tenantId,
            subject: `${s.cell.scopeKind}:${s.cell.scopeId}`,
            data: {
              tenantId: s.cell.tenantId,
              scope: { kind: s.cell.scopeKind, id: s.cell.scopeId },
              cycle: { length: c.cycleLength, start: c.cycleStart, end: c.cycleEnd },
              indicators: indicatorValues(s),
            },
          }),
        );
      }),
    );
  }
}
