import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { GapDetectedV1, GapKind, Scope, ScopeKind } from '@continuum/contracts';
import { cycleOfRow, type CycleRow, type StoredCycle } from '../aggregation/cycles.repository';
import { warningKey } from './early-warning';

export interface DuePolicy {
  readonly graceMs: number;
  readonly settleMs: number;
  readonly settleMaxMs: number;
}

export interface GapFilter {
  readonly from: Date;
  readonly to: Date;
  readonly scope: Scope | null;
  readonly indicator: string | null;
  readonly kind: GapKind | null;
  readonly limit: number;
}

@Injectable()
export class GapsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Locks one cycle due for evaluation, skipping cycles another instance is evaluating (or a
   * batch is adding to). Due: its end plus the grace period has passed, it has data it was not
   * evaluated with, and no event landed in it for the settle period (or it waited long enough).
   */
  async lockDueCycle(m: EntityManager, p: DuePolicy): Promise<StoredCycle | null> {
    const rows: CycleRow[] = await m.query(
      `SELECT * FROM measure.cycles
       WHERE evaluated_revision < revision
         AND cycle_end + $1 * interval '1 millisecond' <= now()
         AND (updated_at + $2 * interval '1 millisecond' <= now()
              OR cycle_end + ($1 + $3) * interval '1 millisecond' <= now())
       ORDER BY cycle_end, tenant_id, cycle_length
       LIMIT 1
       FOR UPDATE SKIP LOCKED`,
      [p.graceMs, p.settleMs, p.settleMaxMs],
    );
    return rows[0] ? cycleOfRow(rows[0]) : null;
  }

  /**
   * Records the evaluation of a cycle at a revision; false when it was recorded already (the
   * unique key makes the evaluation exactly-once even if the lock were bypassed).
   */
  async recordClosure(
    m: EntityManager,
    c: StoredCycle,
    summary: { scopes: number; comparisons: number; gaps: number; explained: number; durationMs: number },
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO measure.cycle_closures
         (tenant_id, cycle_length, cycle_start, revision, scopes, comparisons, gaps, explained, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT DO NOTHING RETURNING revision`,
      [
        c.tenantId,
        c.cycleLength,
        c.cycleStart,
        c.revision,
        summary.scopes,
        summary.comparisons,
        summary.gaps,
        summary.explained,
        summary.durationMs,
      ],
    );
    if (rows.length === 0) return false;
    await m.query(
      `UPDATE measure.cycles SET evaluated_revision = $4, closed_at = COALESCE(closed_at, now())
       WHERE tenant_id = $1 AND cycle_length = $2 AND cycle_start = $3`,
      [c.tenantId, c.cycleLength, c.cycleStart, c.revision],
    );
    return true;
  }

  /** Marks every cell of the cycle changed, so the metrics publisher sends its closing indicators. */
  async markCycleChanged(m: EntityManager, c: StoredCycle): Promise<void> {
    await m.query(
      `INSERT INTO measure.dirty_cells (tenant_id, cycle_length, cycle_start, scope_kind, scope_id)
       SELECT DISTINCT tenant_id, cycle_length, cycle_start, scope_kind, scope_id FROM measure.score_counts
       WHERE tenant_id = $1 AND cycle_length = $2 AND cycle_start = $3
       ON CONFLICT DO NOTHING`,
      [c.tenantId, c.cycleLength, c.cycleStart],
    );
  }

  /**
   * The closure's duration, read to write, measured once its writes are done, and the CPU the
   * process spent meanwhile (which, on a busy machine, tells more than the wall clock).
   */
  async recordClosureDuration(
    m: EntityManager,
    c: StoredCycle,
    durationMs: number,
    cpuMs: number,
  ): Promise<void> {
    await m.query(
      `UPDATE measure.cycle_closures SET duration_ms = $5, cpu_ms = $6
       WHERE tenant_id = $1 AND cycle_length = $2 AND cycle_start = $3 AND revision = $4`,
      [c.tenantId, c.cycleLength, c.cycleStart, c.revision, durationMs, cpuMs],
    );
  }

  /** Stores gaps not stored before (by key); returns the keys that are new. */
  async insertNew(
    m: EntityManager,
    gaps: readonly { gap: GapDetectedV1; eventId: string }[],
  ): Promise<Set<string>> {
    if (gaps.length === 0) return new Set();
    const rows: { gap_key: string }[] = await m.query(
      `INSERT INTO measure.gaps (gap_key, tenant_id, kind, scope_kind, scope_id, indicator, cycle_length, cycle_start,
         event_id, gap)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::timestamptz[], $9::text[], $10::jsonb[])
       ON CONFLICT (gap_key) DO NOTHING RETURNING gap_key`,
      [
        gaps.map((g) => g.gap.gapKey),
        gaps.map((g) => g.gap.tenantId),
        gaps.map((g) => g.gap.kind),
        gaps.map((g) => g.gap.scope.kind),
        gaps.map((g) => g.gap.scope.id),
        gaps.map((g) => g.gap.indicator),
        gaps.map((g) => g.gap.cycle.length),
        gaps.map((g) => g.gap.cycle.start),
        gaps.map((g) => g.eventId),
        gaps.map((g) => JSON.stringify(g.gap)),
      ],
    );
    return new Set(rows.map((r) => r.gap_key));
  }

  async list(tenantId: string, f: GapFilter): Promise<GapDetectedV1[]> {
    const rows: { gap: GapDetectedV1 }[] = await this.ds.query(
      `SELECT gap FROM measure.gaps
       WHERE tenant_id = $1 AND cycle_start >= $2 AND cycle_start < $3
         AND ($4::text IS NULL OR (scope_kind = $4 AND scope_id = $5))
         AND ($6::text IS NULL OR indicator = $6)
         AND ($7::text IS NULL OR kind = $7)
       ORDER BY cycle_start DESC, detected_at DESC, gap_key
       LIMIT $8`,
      [tenantId, f.from, f.to, f.scope?.kind ?? null, f.scope?.id ?? null, f.indicator, f.kind, f.limit],
    );
    return rows.map((r) => r.gap);
  }

  /** Open cycles (not yet due) with data the early-warning pass has not seen. */
  async openCycles(graceMs: number): Promise<StoredCycle[]> {
    const rows: CycleRow[] = await this.ds.query(
      `SELECT * FROM measure.cycles
       WHERE revision > early_warning_revision AND cycle_start <= now()
         AND cycle_end + $1 * interval '1 millisecond' > now()
       ORDER BY cycle_start, tenant_id, cycle_length`,
      [graceMs],
    );
    return rows.map(cycleOfRow);
  }

  /**
   * One instance at a time scans a cycle for early warnings. An advisory lock, not the cycle
   * row's, so the scan never holds up aggregation into that cycle.
   */
  async tryLockEarlyWarnings(m: EntityManager, c: StoredCycle): Promise<boolean> {
    const rows: { locked: boolean }[] = await m.query(
      `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`,
      [`measure.early-warning|${c.tenantId}|${c.cycleLength}|${c.cycleStart}`],
    );
    return rows[0]?.locked === true;
  }

  /** The cells warned earlier in this cycle (their early-warning gaps), as `warningKey`s. */
  async warnedCells(m: EntityManager, c: StoredCycle): Promise<Set<string>> {
    const rows: { scope_kind: ScopeKind; scope_id: string; indicator: string }[] = await m.query(
      `SELECT scope_kind, scope_id, indicator FROM measure.gaps
       WHERE tenant_id = $1 AND cycle_length = $2 AND cycle_start = $3 AND kind = 'early-warning'`,
      [c.tenantId, c.cycleLength, c.cycleStart],
    );
    return new Set(rows.map((r) => warningKey({ kind: r.scope_kind, id: r.scope_id }, r.indicator)));
  }

  async markEarlyWarningsSeen(m: EntityManager, c: StoredCycle): Promise<void> {
    await m.query(
      `UPDATE measure.cycles SET early_warning_revision = GREATEST(early_warning_revision, $4)
       WHERE tenant_id = $1 AND cycle_length = $2 AND cycle_start = $3`,
      [c.tenantId, c.cycleLength, c.cycleStart, c.revision],
    );
  }
}
