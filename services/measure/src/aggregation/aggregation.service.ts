/**
 * Folds recorded feedback into the mergeable per-cell state and publishes the touched cells'
 * indicators. Each event is claimed once in the transaction that adds it, so redelivery never
 * double-counts, and a late event lands in the cycle of its own `occurredAt`.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, partitionKey, Topic, type CloudEvent } from '@continuum/contracts';
import { cycleOf } from '@continuum/journey';
import { claimEvents, enqueueOutbox, outboxRecord } from '@continuum/persistence';
import { AggregationRepository } from './aggregation.repository';
import { cellKey, foldFeedback, type Cell, type CycleSettings } from './cells';
import { indicatorValues } from './metrics';

export const MEASURE_SOURCE = '/continuum/measure';
const CONSUMER = 'measure.feedback';

/** Until tenants' journeys carry their cycle settings: daily cycles in UTC. */
const DEFAULT_CYCLE: CycleSettings = { length: 'day', timeZone: 'UTC' };

@Injectable()
export class AggregationService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: AggregationRepository,
  ) {}

  async addFeedback(events: readonly CloudEvent<Topic.FeedbackRecorded>[]): Promise<{ counted: number }> {
    if (events.length === 0) return { counted: 0 };
    return this.ds.transaction(async (m) => {
      const fresh = await claimEvents(
        m,
        'measure',
        CONSUMER,
        events.map((e) => e.id),
      );
      const items = events.filter((e) => fresh.has(e.id)).map((e) => e.data);
      if (items.length === 0) return { counted: 0 };
      const { counts, moments } = foldFeedback(items, () => DEFAULT_CYCLE);
      await this.repo.add(m, counts, moments);
      const touched = new Map<string, Cell>();
      for (const c of [...counts, ...moments]) {
        const cell: Cell = {
          tenantId: c.tenantId,
          scopeKind: c.scopeKind,
          scopeId: c.scopeId,
          cycleLength: c.cycleLength,
          cycleStart: c.cycleStart,
        };
        touched.set(cellKey(cell), cell);
      }
      const states = await this.repo.read(m, [...touched.values()]);
      await enqueueOutbox(
        m,
        'measure',
        states.map((s) =>
          outboxRecord(
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
                cycle: cycleOf(s.cell.cycleStart, s.cell.cycleLength, DEFAULT_CYCLE.timeZone),
                indicators: indicatorValues(s),
              },
            }),
          ),
        ),
      );
      return { counted: items.length };
    });
  }
}
