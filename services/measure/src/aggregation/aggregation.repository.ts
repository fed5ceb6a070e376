/** The per-cell state tables of measure (counts, moments, themes, comments, respondents, dirty cells). */
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CycleLength, ScopeKind } from '@continuum/contracts';
import type { Moments } from '@continuum/indicators';
import {
  cellKey,
  scopeKey,
  type Cell,
  type CommentSample,
  type Fold,
  type HistogramMetric,
  type MomentMetric,
  type Respondent,
  type ScopeRef,
} from './cells';
import { compositeKey } from '@continuum/contracts';
import { touchCycles } from './cycles.repository';
import { sorted } from './lock-order';

/** A stored respondent as the key-driver analysis reads it. */
export type StoredRespondent = Pick<Respondent, 'nps' | 'csat' | 'ces' | 'emoji' | 'themes'>;

export interface CellState {
  readonly cell: Cell;
  readonly histograms: Partial<Record<HistogramMetric, Map<number, number>>>;
  readonly moments: Partial<Record<MomentMetric, Moments>>;
}

export interface ThemeTotals {
  readonly responses: number;
  readonly unhappy: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
}

type Executor = EntityManager | DataSource;

const CELL_COLS = 'tenant_id, cycle_length, cycle_start, scope_kind, scope_id';
const CELL_TYPES = '$1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[]';

function cellParams(cells: readonly Cell[]): unknown[] {
  return [
    cells.map((c) => c.tenantId),
    cells.map((c) => c.cycleLength),
    cells.map((c) => c.cycleStart),
    cells.map((c) => c.scopeKind),
    cells.map((c) => c.scopeId),
  ];
}

interface CellRow {
  tenant_id: string;
  cycle_length: CycleLength;
  cycle_start: Date;
  scope_kind: ScopeKind;
  scope_id: string;
}

function cellOfRow(r: CellRow): Cell {
  return {
    tenantId: r.tenant_id,
    cycleLength: r.cycle_length,
    cycleStart: r.cycle_start.toISOString(),
    scopeKind: r.scope_kind,
    scopeId: r.scope_id,
  };
}

/** The mergeable per-cell state: every write adds, so batches may come in any split and order. */
@Injectable()
export class AggregationRepository {
  constructor(private readonly ds: DataSource) {}

  get dataSource(): DataSource {
    return this.ds;
  }

  /**
   * One statement per table (two for comment samples: add, then keep the latest K per cell).
   * Every transaction takes its row locks in the same order (table order, then key order).
   */
  async add(m: EntityManager, fold: Fold, commentSamples: number): Promise<void> {
    const counts = sorted(fold.counts, (c) => compositeKey(cellKey(c), c.metric, c.score));
    if (counts.length > 0) {
      await m.query(
        `INSERT INTO measure.score_counts (${CELL_COLS}, metric, score, count)
         SELECT * FROM unnest(${CELL_TYPES}, $6::text[], $7::smallint[], $8::bigint[])
         ON CONFLICT (${CELL_COLS}, metric, score) DO UPDATE SET count = measure.score_counts.count + EXCLUDED.count`,
        [
          ...cellParams(counts),
          counts.map((c) => c.metric),
          counts.map((c) => c.score),
          counts.map((c) => c.count),
        ],
      );
    }
    const moments = sorted(fold.moments, (c) => compositeKey(cellKey(c), c.metric));
    if (moments.length > 0) {
      await m.query(
        `INSERT INTO measure.moments (${CELL_COLS}, metric, scale, n, sum, sum_sq, min, max)
         SELECT * FROM unnest(${CELL_TYPES}, $6::text[], $7::int[],
           $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])
         ON CONFLICT (${CELL_COLS}, metric) DO UPDATE SET n = measure.moments.n + EXCLUDED.n,
           sum = measure.moments.sum + EXCLUDED.sum, sum_sq = measure.moments.sum_sq + EXCLUDED.sum_sq,
           min = LEAST(measure.moments.min, EXCLUDED.min), max = GREATEST(measure.moments.max, EXCLUDED.max)`,
        [
          ...cellParams(moments),
          moments.map((c) => c.metric),
          moments.map((c) => c.scale),
          moments.map((c) => c.n),
          moments.map((c) => c.sum),
          moments.map((c) => c.sumSq),
          moments.map((c) => c.min),
          moments.map((c) => c.max),
        ],
      );
    }
    const themes = sorted(fold.themes, (c) => compositeKey(cellKey(c), c.theme));
    if (themes.length > 0) {
      await m.query(
        `INSERT INTO measure.theme_counts (${CELL_COLS}, theme, responses, unhappy, promoters, passives, detractors)
         SELECT * FROM unnest(${CELL_TYPES}, $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
         ON CONFLICT (${CELL_COLS}, theme) DO UPDATE SET
           responses = measure.theme_counts.responses + EXCLUDED.responses,
           unhappy = measure.theme_counts.unhappy + EXCLUDED.unhappy,
           promoters = measure.theme_counts.promoters + EXCLUDED.promoters,
           passives = measure.theme_counts.passives + EXCLUDED.passives,
           detractors = measure.theme_counts.detractors + EXCLUDED.detractors`,
        [
          ...cellParams(themes),
          themes.map((t) => t.theme),
          themes.map((t) => t.responses),
          themes.map((t) => t.unhappy),
          themes.map((t) => t.promoters),
          themes.map((t) => t.passives),
          themes.map((t) => t.detractors),
        ],
      );
    }
    await this.addComments(m, fold.comments, commentSamples);
    await this.addRespondents(m, fold.respondents);
    await this.markDirty(m, fold);
    // Last, so `updated_at` is close to the commit that makes the data visible: the settle
    // period of cycle closing counts from there.
    await touchCycles(m, fold.cycles);
  }

  /** Remembers the touched cells; their running indicators are published later, coalesced. */
  private async markDirty(m: EntityManager, fold: Fold): Promise<void> {
    const cells = new Map<string, Cell>();
    for (const c of [...fold.counts, ...fold.moments]) {
      const cell: Cell = {
        tenantId: c.tenantId,
        cycleLength: c.cycleLength,
        cycleStart: c.cycleStart,
        scopeKind: c.scopeKind,
        scopeId: c.scopeId,
      };
      cells.set(cellKey(cell), cell);
    }
    const rows = sorted([...cells.values()], cellKey);
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO measure.dirty_cells (${CELL_COLS}) SELECT * FROM unnest(${CELL_TYPES}) ON CONFLICT DO NOTHING`,
      cellParams(rows),
    );
  }

  /**
   * Takes up to `limit` changed cells (skipping those another instance is taking), with their
   * cycle's end; the caller's transaction holds them until it commits.
   */
  async takeDirty(
    m: EntityManager,
    limit: number,
  ): Promise<{ cell: Cell; cycleEnd: string; closed: boolean }[]> {
    const rows: (CellRow & { cycle_end: Date | null; closed: boolean })[] = await m.query(
      `WITH taken AS (
         DELETE FROM measure.dirty_cells WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM measure.dirty_cells LIMIT $1 FOR UPDATE SKIP LOCKED))
         RETURNING *)
       SELECT t.*, c.cycle_end, c.closed_at IS NOT NULL AS closed FROM taken t
       LEFT JOIN measure.cycles c USING (tenant_id, cycle_length, cycle_start)`,
      [limit],
    );
    return rows
      .filter((r) => r.cycle_end !== null)
      .map((r) => ({ cell: cellOfRow(r), cycleEnd: r.cycle_end!.toISOString(), closed: r.closed }));
  }

  /** Idempotent by feedback id: a redelivered answer is stored once. */
  private async addRespondents(m: EntityManager, respondents: readonly Respondent[]): Promise<void> {
    if (respondents.length === 0) return;
    const rows = sorted(respondents, (r) =>
      compositeKey(r.tenantId, r.cycleLength, r.cycleStart, r.feedbackId),
    );
    await m.query(
      `INSERT INTO measure.respondents (tenant_id, cycle_length, cycle_start, feedback_id, touchpoint, stage,
         nps, csat, ces, emoji, themes)
       SELECT k.tenant_id, k.cycle_length, k.cycle_start, k.feedback_id, k.touchpoint, k.stage, k.nps, k.csat,
         k.ces, k.emoji, ARRAY(SELECT json_array_elements_text(k.themes::json))
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::smallint[],
         $8::smallint[], $9::smallint[], $10::smallint[], $11::text[])
         AS k(tenant_id, cycle_length, cycle_start, feedback_id, touchpoint, stage, nps, csat, ces, emoji, themes)
       ON CONFLICT DO NOTHING`,
      [
        rows.map((r) => r.tenantId),
        rows.map((r) => r.cycleLength),
        rows.map((r) => r.cycleStart),
        rows.map((r) => r.feedbackId),
        rows.map((r) => r.touchpoint),
        rows.map((r) => r.stage),
        rows.map((r) => r.nps),
        rows.map((r) => r.csat),
        rows.map((r) => r.ces),
        rows.map((r) => r.emoji),
        rows.map((r) => JSON.stringify(r.themes)),
      ],
    );
  }

  /** The stored respondents of a tenant × cycle, of one stage or all. */
  async readRespondents(
    m: Executor,
    tenantId: string,
    cycleLength: CycleLength,
    cycleStart: string,
    stage: string | null,
  ): Promise<StoredRespondent[]> {
    const rows: StoredRespondent[] = await m.query(
      `SELECT nps, csat, ces, emoji, themes FROM measure.respondents
       WHERE tenant_id = $1 AND cycle_length = $2 AND cycle_start = $3 AND ($4::text IS NULL OR stage = $4)`,
      [tenantId, cycleLength, cycleStart, stage],
    );
    return rows;
  }

  private async addComments(
    m: EntityManager,
    samples: readonly CommentSample[],
    keep: number,
  ): Promise<void> {
    if (samples.length === 0) return;
    const rows = sorted(samples, (c) => compositeKey(cellKey(c), c.feedbackId));
    await m.query(
      `INSERT INTO measure.comment_samples (${CELL_COLS}, feedback_id, occurred_at, comment, themes, from_customer)
       SELECT k.tenant_id, k.cycle_length, k.cycle_start, k.scope_kind, k.scope_id, k.feedback_id, k.occurred_at,
         k.comment, ARRAY(SELECT json_array_elements_text(k.themes::json)), k.from_customer
       FROM unnest(${CELL_TYPES}, $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::boolean[])
         AS k(${CELL_COLS}, feedback_id, occurred_at, comment, themes, from_customer)
       ON CONFLICT DO NOTHING`,
      [
        ...cellParams(rows),
        rows.map((c) => c.feedbackId),
        rows.map((c) => c.occurredAt),
        rows.map((c) => c.comment),
        rows.map((c) => JSON.stringify(c.themes)),
        rows.map((c) => c.fromCustomer),
      ],
    );
    const cells = [...new Map(rows.map((c) => [cellKey(c), c])).values()];
    // Keep each touched cell's latest K by (event time, id): the same set whatever the batching.
    await m.query(
      `DELETE FROM measure.comment_samples s USING (
         SELECT c.tenant_id, c.cycle_length, c.cycle_start, c.scope_kind, c.scope_id, c.feedback_id,
           row_number() OVER (PARTITION BY c.tenant_id, c.cycle_length, c.cycle_start, c.scope_kind, c.scope_id
             ORDER BY c.occurred_at DESC, c.feedback_id COLLATE "C" DESC) AS rn
         FROM unnest(${CELL_TYPES}) AS k(${CELL_COLS})
         JOIN measure.comment_samples c USING (${CELL_COLS})
       ) x
       WHERE x.rn > $6 AND s.tenant_id = x.tenant_id AND s.cycle_length = x.cycle_length
         AND s.cycle_start = x.cycle_start AND s.scope_kind = x.scope_kind AND s.scope_id = x.scope_id
         AND s.feedback_id = x.feedback_id`,
      [...cellParams(cells), keep],
    );
  }

  /** The state of the given cells (one query per table, whatever their number). */
  async read(m: Executor, cells: readonly Cell[]): Promise<CellState[]> {
    if (cells.length === 0) return [];
    const params = cellParams(cells);
    // Rows come back as one JSON text per table, tagged with the cell's position in `cells`.
    const keys = `unnest(${CELL_TYPES}) WITH ORDINALITY AS k(${CELL_COLS}, i)`;
    const [counts]: { rows: string }[] = await m.query(
      `SELECT coalesce(json_agg(json_build_array(i, metric, scores, counts)), '[]')::text AS rows FROM (
         SELECT k.i, s.metric, array_agg(s.score ORDER BY s.score) AS scores, array_agg(s.count ORDER BY s.score) AS counts
         FROM ${keys} JOIN measure.score_counts s USING (${CELL_COLS})
         GROUP BY k.i, s.metric) x`,
      params,
    );
    const [moments]: { rows: string }[] = await m.query(
      `SELECT coalesce(json_agg(json_build_array(k.i, s.metric, s.scale, s.n, s.sum, s.sum_sq, s.min, s.max)), '[]')::text
         AS rows
       FROM ${keys} JOIN measure.moments s USING (${CELL_COLS})`,
      params,
    );
    const states = new Map<number, CellState>();
    const stateOf = (i: number): CellState => {
      let st = states.get(i);
      if (!st) states.set(i, (st = { cell: cells[i - 1], histograms: {}, moments: {} }));
      return st;
    };
    for (const [i, metric, scores, cs] of JSON.parse(counts.rows) as [
      number,
      HistogramMetric,
      number[],
      number[],
    ][]) {
      const h = new Map<number, number>();
      // A revision read before the event it revises can leave a bin below zero for a moment.
      scores.forEach((score, j) => h.set(score, Math.max(0, cs[j])));
      stateOf(i).histograms[metric] = h;
    }
    type MomentJson = [number, MomentMetric, number, number, number, number, number | null, number | null];
    for (const [i, metric, scale, n, sum, sumSq, min, max] of JSON.parse(moments.rows) as MomentJson[]) {
      stateOf(i).moments[metric] = { kind: 'mean', scale, n, sum, sumSq, min, max };
    }
    return [...states.values()];
  }

  /**
   * Every cell of one tenant × cycle (or those of some scope kinds), keyed by `scopeKey`. The
   * server folds the rows into one JSON text per table: a large cycle has hundreds of thousands
   * of rows, which the driver would otherwise parse one by one.
   */
  async readCycle(
    m: Executor,
    tenantId: string,
    cycleLength: CycleLength,
    cycleStart: string,
    kinds: readonly ScopeKind[] | null = null,
  ): Promise<Map<string, CellState>> {
    const where = `tenant_id = $1 AND cycle_length = $2 AND cycle_start = $3
      AND ($4::text[] IS NULL OR scope_kind = ANY($4::text[]))`;
    const params = [tenantId, cycleLength, cycleStart, kinds];
    const [counts]: { rows: string }[] = await m.query(
      `SELECT coalesce(json_agg(json_build_array(scope_kind, scope_id, metric, scores, counts)), '[]')::text AS rows
       FROM (SELECT scope_kind, scope_id, metric, array_agg(score ORDER BY score) AS scores,
               array_agg(count ORDER BY score) AS counts
             FROM measure.score_counts WHERE ${where} GROUP BY scope_kind, scope_id, metric) x`,
      params,
    );
    const [moments]: { rows: string }[] = await m.query(
      `SELECT coalesce(json_agg(json_build_array(scope_kind, scope_id, metric, scale, n, sum, sum_sq, min, max)), '[]')::text
         AS rows
       FROM measure.moments WHERE ${where}`,
      params,
    );
    const out = new Map<string, CellState>();
    const stateOf = (kind: ScopeKind, id: string): CellState => {
      const k = scopeKey({ kind, id });
      let st = out.get(k);
      if (!st) {
        st = {
          cell: { tenantId, cycleLength, cycleStart, scopeKind: kind, scopeId: id },
          histograms: {},
          moments: {},
        };
        out.set(k, st);
      }
      return st;
    };
    type CountJson = [ScopeKind, string, HistogramMetric, number[], number[]];
    for (const [kind, id, metric, scores, cs] of JSON.parse(counts.rows) as CountJson[]) {
      const h = new Map<number, number>();
      scores.forEach((score, i) => h.set(score, Math.max(0, cs[i])));
      stateOf(kind, id).histograms[metric] = h;
    }
    type MomentJson = [
      ScopeKind,
      string,
      MomentMetric,
      number,
      number,
      number,
      number,
      number | null,
      number | null,
    ];
    for (const [kind, id, metric, scale, n, sum, sumSq, min, max] of JSON.parse(
      moments.rows,
    ) as MomentJson[]) {
      stateOf(kind, id).moments[metric] = { kind: 'mean', scale, n, sum, sumSq, min, max };
    }
    return out;
  }

  /** Theme totals of some scopes of one tenant × cycle: scopeKey → theme → totals. */
  async readThemes(
    m: Executor,
    tenantId: string,
    cycleLength: CycleLength,
    cycleStart: string,
    scopes: readonly ScopeRef[] | null,
  ): Promise<Map<string, Map<string, ThemeTotals>>> {
    const rows: (CellRow & {
      theme: string;
      responses: string;
      unhappy: string;
      promoters: string;
      passives: string;
      detractors: string;
    })[] = await m.query(
      scopes
        ? `SELECT c.* FROM unnest($4::text[], $5::text[]) AS k(scope_kind, scope_id)
           JOIN measure.theme_counts c ON c.tenant_id = $1 AND c.cycle_length = $2 AND c.cycle_start = $3
             AND c.scope_kind = k.scope_kind AND c.scope_id = k.scope_id`
        : `SELECT * FROM measure.theme_counts WHERE tenant_id = $1 AND cycle_length = $2 AND cycle_start = $3
             AND $4::text[] IS NULL AND $5::text[] IS NULL`,
      [
        tenantId,
        cycleLength,
        cycleStart,
        scopes ? scopes.map((s) => s.kind) : null,
        scopes ? scopes.map((s) => s.id) : null,
      ],
    );
    const out = new Map<string, Map<string, ThemeTotals>>();
    for (const r of rows) {
      const k = scopeKey({ kind: r.scope_kind, id: r.scope_id });
      let themes = out.get(k);
      if (!themes) out.set(k, (themes = new Map<string, ThemeTotals>()));
      themes.set(r.theme, {
        responses: Number(r.responses),
        unhappy: Number(r.unhappy),
        promoters: Number(r.promoters),
        passives: Number(r.passives),
        detractors: Number(r.detractors),
      });
    }
    return out;
  }

  /** Comment samples of some scopes of one tenant × cycle, latest first: scopeKey → samples. */
  async readComments(
    m: Executor,
    tenantId: string,
    cycleLength: CycleLength,
    cycleStart: string,
    scopes: readonly ScopeRef[],
  ): Promise<Map<string, CommentSample[]>> {
    if (scopes.length === 0) return new Map();
    const rows: (CellRow & {
      feedback_id: string;
      occurred_at: Date;
      comment: string;
      themes: string[];
      from_customer: boolean;
    })[] = await m.query(
      `SELECT c.* FROM unnest($4::text[], $5::text[]) AS k(scope_kind, scope_id)
         JOIN measure.comment_samples c ON c.tenant_id = $1 AND c.cycle_length = $2 AND c.cycle_start = $3
           AND c.scope_kind = k.scope_kind AND c.scope_id = k.scope_id
         ORDER BY c.occurred_at DESC, c.feedback_id COLLATE "C" DESC`,
      [tenantId, cycleLength, cycleStart, scopes.map((s) => s.kind), scopes.map((s) => s.id)],
    );
    const out = new Map<string, CommentSample[]>();
    for (const r of rows) {
      const k = scopeKey({ kind: r.scope_kind, id: r.scope_id });
      const list = out.get(k) ?? [];
      list.push({
        ...cellOfRow(r),
        feedbackId: r.feedback_id,
        occurredAt: r.occurred_at.toISOString(),
        comment: r.comment,
        themes: r.themes,
        fromCustomer: r.from_customer,
      });
      out.set(k, list);
    }
    return out;
  }
}
