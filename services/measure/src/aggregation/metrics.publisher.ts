/**
 * Publishes the indicators of changed cells (cx.metrics.updated.v1; `closed: true` once their
 * cycle is closed, which marks all its cells), coalesced: a cell
 * that many batches touched within one interval is published once, with its totals. Keeps the
 * read-back and the events out of the aggregation transaction. Several instances share the
 * work (SKIP LOCKED); a cell changed again while being published is marked again and goes out
 * on the next pass.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, partitionKey, Topic } from '@continuum/contracts';
import { PeriodicJob } from '@continuum/platform';
import { enqueueOutbox, outboxRecord } from '@continuum/persistence';
import { MEASURE_SOURCE } from '../common/source';
import { MeasureConfig } from '../measure.config';
import { AggregationRepository } from './aggregation.repository';
import { cellKey } from './cells';
import { indicatorValues } from './metrics';

const CELLS_PER_TRANSACTION = 2_000;

@Injectable()
export class MetricsPublisher extends PeriodicJob {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: AggregationRepository,
    cfg: MeasureConfig,
  ) {
    super(cfg.MEASURE_METRICS_INTERVAL_MS, 'metrics', 'publishing running indicators failed, retrying');
  }

  protected async tick(shouldStop: () => boolean): Promise<void> {
    while (!shouldStop() && (await this.publishChanged()) === CELLS_PER_TRANSACTION);
  }

  /** Publishes one slice of the changed cells; returns how many it took. */
  async publishChanged(limit = CELLS_PER_TRANSACTION): Promise<number> {
    return this.ds.transaction(async (m) => {
      const taken = await this.repo.takeDirty(m, limit);
      if (taken.length === 0) return 0;
      const byCell = new Map(taken.map((t) => [cellKey(t.cell), t]));
      const states = await this.repo.read(
        m,
        taken.map((t) => t.cell),
      );
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
                cycle: {
                  length: s.cell.cycleLength,
                  start: s.cell.cycleStart,
                  end: byCell.get(cellKey(s.cell))!.cycleEnd,
                },
                indicators: indicatorValues(s),
                ...(byCell.get(cellKey(s.cell))!.closed ? { closed: true } : {}),
              },
            }),
          ),
        ),
      );
      return taken.length;
    });
  }

  /** Publish now (e.g. right after a cycle closed) rather than on the next tick. */
  async publishNow(): Promise<void> {
    await this.ticker.tick();
  }

  override async onModuleDestroy(): Promise<void> {
    await super.onModuleDestroy();
    // What changed in the last moments goes out now rather than after the restart.
    await this.publishChanged().catch(() => undefined);
  }
}
