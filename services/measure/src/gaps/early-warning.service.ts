/**
 * Scans open cycles for early warnings (see early-warning.ts) and publishes each as a gap of
 * kind `early-warning`, once per cell and cycle (its own gap key). The evidence depends only on
 * the cycles' totals, so a scan keeps no state of its own: the cells warned earlier in the cycle
 * are its stored early-warning gaps. One scan of a cycle at a time (advisory lock).
 */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Cycle } from '@continuum/contracts';
import { previousCycle } from '@continuum/journey';
import { AggregationRepository } from '../aggregation/aggregation.repository';
import type { StoredCycle } from '../aggregation/cycles.repository';
import { JourneyDirectory } from '../journey/journey.directory';
import { MeasureConfig } from '../measure.config';
import { publishNewGaps } from './cycle-close.service';
import { earlyWarningScan, watchedCells } from './early-warning';
import { scopeStates } from './evaluation';
import { gapOfEarlyWarning } from './evidence';
import { EvidenceReader } from './evidence.reader';
import { GapsRepository } from './gaps.repository';

@Injectable()
export class EarlyWarningService {
  private readonly logger = new Logger('early-warning');

  constructor(
    private readonly ds: DataSource,
    private readonly cells: AggregationRepository,
    private readonly repo: GapsRepository,
    private readonly journeys: JourneyDirectory,
    private readonly evidence: EvidenceReader,
    private readonly cfg: MeasureConfig,
  ) {}

  /** One pass over the open cycles with new data; returns the warnings published. */
  async scan(shouldStop: () => boolean = () => false): Promise<number> {
    let published = 0;
    for (const c of await this.repo.openCycles(this.cfg.MEASURE_CYCLE_GRACE_MS)) {
      if (shouldStop()) break;
      published += await this.ds.transaction(async (m) =>
        (await this.repo.tryLockEarlyWarnings(m, c)) ? this.scanCycle(m, c) : 0,
      );
    }
    return published;
  }

  private async scanCycle(m: EntityManager, c: StoredCycle): Promise<number> {
    const settings = await this.journeys.settings(c.tenantId);
    const cycle: Cycle = { length: c.cycleLength, start: c.cycleStart, end: c.cycleEnd };
    const before = previousCycle(cycle, c.timeZone);
    const current = await this.cells.readCycle(m, c.tenantId, c.cycleLength, c.cycleStart);
    const previous = await this.cells.readCycle(m, c.tenantId, c.cycleLength, before.start);
    const warned = await this.repo.warnedCells(m, c);
    const family = watchedCells(
      scopeStates(previous),
      scopeStates(current),
      warned,
      this.cfg.MEASURE_GAP_MIN_SAMPLE,
    );
    const { warnings } = earlyWarningScan(family, {
      minSample: this.cfg.MEASURE_GAP_MIN_SAMPLE,
      fdr: this.cfg.MEASURE_EARLY_WARNING_FDR,
      tau: this.cfg.MEASURE_EARLY_WARNING_TAU,
    });
    const evidence = await this.evidence.read(
      m,
      c,
      before.start,
      current,
      previous,
      warnings.map((w) => w.scope),
    );
    const at = { tenantId: c.tenantId, cycle, settings, detectedAt: new Date().toISOString() };
    const fresh = await publishNewGaps(m, this.repo, warnings, evidence, (w, e) =>
      gapOfEarlyWarning(w, at, e),
    );
    await this.repo.markEarlyWarningsSeen(m, c);
    if (fresh.size > 0) {
      this.logger.log(`${fresh.size} early warning(s) for ${c.tenantId} ${c.cycleLength} ${c.cycleStart}`);
    }
    return fresh.size;
  }
}
