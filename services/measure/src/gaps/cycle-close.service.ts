/**
 * Closes cycles: when a tenant's cycle is due, evaluates every scope × indicator against the
 * previous cycle and the targets, and in one transaction records the evaluation, stores and
 * enqueues the new gaps (cx.gaps.detected.v1) and marks every scope for its closing indicators
 * (cx.metrics.updated.v1 with `closed: true`, published by MetricsPublisher right after). The cycle's row lock and the unique closure key make it exactly-once
 * across instances. Data landing in a closed cycle later re-opens its evaluation (a gap key is
 * published at most once); later cycles' comparisons are not redone.
 */
import { Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { DataSource, type EntityManager } from 'typeorm';
import { createEvent, partitionKey, Topic, type Cycle, type GapDetectedV1 } from '@continuum/contracts';
import { previousCycle } from '@continuum/journey';
import { enqueueOutbox, outboxRecord } from '@continuum/persistence';
import { AggregationRepository } from '../aggregation/aggregation.repository';
import type { StoredCycle } from '../aggregation/cycles.repository';
import { MEASURE_SOURCE } from '../common/source';
import { scopeKey, type ScopeRef } from '../aggregation/cells';
import { JourneyDirectory } from '../journey/journey.directory';
import { MeasureConfig } from '../measure.config';
import { evaluateCycle, scopeStates } from './evaluation';
import { gapOfFinding } from './evidence';
import { EvidenceReader, type ScopeEvidence } from './evidence.reader';
import { GapsRepository } from './gaps.repository';

export interface ClosureSummary {
  readonly tenantId: string;
  readonly cycle: Cycle;
  readonly revision: number;
  readonly scopes: number;
  readonly comparisons: number;
  readonly tested: number;
  readonly gaps: number;
  readonly explained: number;
  readonly durationMs: number;
  /** Milliseconds reading both cycles, evaluating, and gathering evidence and writing. */
  readonly phases?: {
    readonly read: number;
    readonly evaluate: number;
    readonly publish: number;
    /** CPU milliseconds of the process during the closure. */
    readonly cpu: number;
  };
}

@Injectable()
export class CycleCloseService {
  private readonly logger = new Logger('cycles');

  constructor(
    private readonly ds: DataSource,
    private readonly cells: AggregationRepository,
    private readonly repo: GapsRepository,
    private readonly journeys: JourneyDirectory,
    private readonly evidence: EvidenceReader,
    private readonly cfg: MeasureConfig,
  ) {}

  /** Evaluates due cycles one at a time, each in its own transaction, until none is due. */
  async closeDue(shouldStop: () => boolean = () => false): Promise<ClosureSummary[]> {
    const done: ClosureSummary[] = [];
    while (!shouldStop()) {
      const s = await this.closeNext();
      if (!s) break;
      done.push(s);
    }
    return done;
  }

  async closeNext(): Promise<ClosureSummary | null> {
    const summary = await this.ds.transaction(async (m) => {
      const c = await this.repo.lockDueCycle(m, {
        graceMs: this.cfg.MEASURE_CYCLE_GRACE_MS,
        settleMs: this.cfg.MEASURE_CYCLE_SETTLE_MS,
        settleMaxMs: this.cfg.MEASURE_CYCLE_SETTLE_MAX_MS,
      });
      return c ? this.evaluate(m, c) : null;
    });
    if (summary) {
      this.logger.log(
        `closed ${summary.tenantId} ${summary.cycle.length} ${summary.cycle.start} (revision ${summary.revision}): ` +
          `${summary.scopes} scopes, ${summary.tested}/${summary.comparisons} comparisons tested, ` +
          `${summary.gaps} gap(s), ${summary.explained} explained, ${summary.durationMs} ms ${JSON.stringify(summary.phases ?? {})}`,
      );
    }
    return summary;
  }

  /** The evaluation of one locked cycle, in the caller's transaction. */
  async evaluate(m: EntityManager, c: StoredCycle): Promise<ClosureSummary> {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const settings = await this.journeys.settings(c.tenantId);
    const cycle: Cycle = { length: c.cycleLength, start: c.cycleStart, end: c.cycleEnd };
    const before = previousCycle(cycle, c.timeZone);
    // The previous cycle is read beside the transaction, on another connection, at the same time.
    const [current, previous] = await Promise.all([
      this.cells.readCycle(m, c.tenantId, c.cycleLength, c.cycleStart),
      this.cells.readCycle(this.ds, c.tenantId, c.cycleLength, before.start),
    ]);
    const read = performance.now();
    const currentStates = scopeStates(current);
    const evaluation = evaluateCycle({ current: currentStates, previous: scopeStates(previous) }, settings, {
      minSample: this.cfg.MEASURE_GAP_MIN_SAMPLE,
      alpha: this.cfg.MEASURE_GAP_ALPHA,
      fdr: this.cfg.MEASURE_GAP_FDR,
    });

    const evaluated = performance.now();
    // Evidence only for the scopes with a gap.
    const evidence = await this.evidence.read(
      m,
      c,
      before.start,
      current,
      previous,
      evaluation.findings.map((f) => f.scope),
    );
    const at = { tenantId: c.tenantId, cycle, settings, detectedAt: new Date().toISOString() };
    const summary: ClosureSummary = {
      tenantId: c.tenantId,
      cycle,
      revision: c.revision,
      scopes: current.size,
      comparisons: evaluation.comparisons,
      tested: evaluation.tested,
      gaps: evaluation.findings.length,
      explained: evaluation.explained,
      durationMs: Math.round(performance.now() - started),
    };
    // Evaluated at this revision already (only if the lock were bypassed): publish nothing twice.
    if (!(await this.repo.recordClosure(m, c, summary))) return { ...summary, gaps: 0 };
    const fresh = await publishNewGaps(m, this.repo, evaluation.findings, evidence, (f, e) =>
      gapOfFinding(f, at, e),
    );
    // Every scope's closing indicators go out through the (coalesced) metrics publisher: the
    // marks are committed with this closure, so none is lost, and the closure stays short.
    await this.repo.markCycleChanged(m, c);
    const done = performance.now();
    const durationMs = Math.round(done - started);
    const used = process.cpuUsage(cpu);
    const cpuMs = Math.round((used.user + used.system) / 1000);
    await this.repo.recordClosureDuration(m, c, durationMs, cpuMs);
    const ms = (a: number, b: number) => Math.round(b - a);
    return {
      ...summary,
      gaps: fresh.size,
      durationMs,
      phases: {
        read: ms(started, read),
        evaluate: ms(read, evaluated),
        publish: ms(evaluated, done),
        cpu: cpuMs,
      },
    };
  }
}

/** The gap as published: quoting only `topicComments` (see ScopeEvidence); the stored gap quotes all. */
export function gapEvent(gap: GapDetectedV1, topicComments: readonly string[]) {
  return createEvent({
    type: Topic.GapsDetected,
    source: MEASURE_SOURCE,
    tenantId: gap.tenantId,
    subject: gap.gapKey,
    data: { ...gap, sampleComments: topicComments },
  });
}

/**
 * Stores the gaps of a cycle's findings or warnings that are new (by key), each quoting its
 * scope's evidence, and enqueues their events, in the caller's transaction; returns their keys.
 */
export async function publishNewGaps<F extends { readonly scope: ScopeRef }>(
  m: EntityManager,
  repo: GapsRepository,
  found: readonly F[],
  evidence: ReadonlyMap<string, ScopeEvidence>,
  gapOf: (f: F, e: ScopeEvidence) => GapDetectedV1,
): Promise<Set<string>> {
  const gaps = found.map((f) => {
    const e = evidence.get(scopeKey(f.scope))!;
    const gap = gapOf(f, e);
    return { gap, event: gapEvent(gap, e.topicComments) };
  });
  const fresh = await repo.insertNew(
    m,
    gaps.map((g) => ({ gap: g.gap, eventId: g.event.id })),
  );
  await enqueueOutbox(
    m,
    'measure',
    gaps
      .filter((g) => fresh.has(g.gap.gapKey))
      .map((g) => outboxRecord(Topic.GapsDetected, partitionKey(g.gap.tenantId, g.gap.gapKey), g.event)),
  );
  return fresh;
}
