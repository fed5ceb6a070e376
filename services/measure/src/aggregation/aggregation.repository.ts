import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ScopeKind } from '@continuum/contracts';
import type { Moments } from '@continuum/indicators';
import type { Cell, HistogramMetric, MomentMetric, MomentSum, ScoreCount } from './cells';

export interface CellState {
  readonly cell: Cell;
  readonly histograms: Partial<Record<HistogramMetric, Map<number, number>>>;
  readonly moments: Partial<Record<MomentMetric, Moments>>;
}

const CELL_COLS = 'tenant_id, scope_kind, scope_id, cycle_length, cycle_start';

@Injectable()
export class AggregationRepository {
  constructor(private readonly ds: DataSource) {}

  get dataSource(): DataSource {
    return this.ds;
  }

  /** One upsert statement per table; increments add to what the cell holds. */
  async add(m: EntityManager, counts: readonly ScoreCount[], moments: readonly MomentSum[]): Promise<void> {
    if (counts.length > 0) {
      await m.query(
        `INSERT INTO measure.score_counts (${CELL_COLS}, metric, score, count)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::smallint[], $8::bigint[])
         ON CONFLICT (${CELL_COLS}, metric, score) DO UPDATE SET count = measure.score_counts.count + EXCLUDED.count`,
        [
          counts.map((c) => c.tenantId),
          counts.map((c) => c.scopeKind),
          counts.map((c) => c.scopeId),
          counts.map((c) => c.cycleLength),
          counts.map((c) => c.cycleStart),
          counts.map((c) => c.metric),
          counts.map((c) => c.score),
          counts.map((c) => c.count),
        ],
      );
    }
    if (moments.length > 0) {
      await m.query(
        `INSERT INTO measure.moments (${CELL_COLS}, metric, scale, n, sum, sum_sq, min, max)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::int[],
           $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])
         ON CONFLICT (${CELL_COLS}, metric) DO UPDATE SET n = measure.moments.n + EXCLUDED.n,
           sum = measure.moments.sum + EXCLUDED.sum, sum_sq = measure.moments.sum_sq + EXCLUDED.sum_sq,
           min = LEAST(measure.moments.min, EXCLUDED.min), max = GREATEST(measure.moments.max, EXCLUDED.max)`,
        [
          moments.map((c) => c.tenantId),
          moments.map((c) => c.scopeKind),
          moments.map((c) => c.scopeId),
          moments.map((c) => c.cycleLength),
          moments.map((c) => c.cycleStart),
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
  }

  /** The full state of the given cells, in one round trip per table. */
  async read(m: EntityManager | DataSource, cells: readonly Cell[]): Promise<CellState[]> {
    if (cells.length === 0) return [];
    const params = [
      cells.map((c) => c.tenantId),
      cells.map((c) => c.scopeKind),
      cells.map((c) => c.scopeId),
      cells.map((c) => c.cycleLength),
      cells.map((c) => c.cycleStart),
    ];
    const keys = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS k(${CELL_COLS})`;
    const countRows: (Row & { metric: HistogramMetric; score: number; count: string })[] = await m.query(
      `SELECT s.* FROM ${keys} JOIN measure.score_counts s USING (${CELL_COLS})`,
      params,
    );
    const momentRows: (Row & {
      metric: MomentMetric;
      scale: number;
      n: string;
      sum: string;
      sum_sq: string;
      min: string | null;
      max: string | null;
    })[] = await m.query(`SELECT s.* FROM ${keys} JOIN measure.moments s USING (${CELL_COLS})`, params);
    const states = new Map<string, CellState>();
    const stateOf = (r: Row): CellState => {
      const cell: Cell = {
        tenantId: r.tenant_id,
        scopeKind: r.scope_kind,
        scopeId: r.scope_id,
        cycleLength: r.cycle_length,
        cycleStart: r.cycle_start.toISOString(),
      };
      const k = [cell.tenantId, cell.scopeKind, cell.scopeId, cell.cycleLength, cell.cycleStart].join(
        '\u0000',
      );
      let s = states.get(k);
      if (!s) states.set(k, (s = { cell, histograms: {}, moments: {} }));
      return s;
    };
    for (const r of countRows) {
      const s = stateOf(r);
      const h = (s.histograms[r.metric] ??= new Map());
      h.set(r.score, Number(r.count));
    }
    for (const r of momentRows) {
      stateOf(r).moments[r.metric] = {
        kind: 'mean',
        scale: r.scale,
        n: Number(r.n),
        sum: Number(r.sum),
        sumSq: Number(r.sum_sq),
        min: r.min === null ? null : Number(r.min),
        max: r.max === null ? null : Number(r.max),
      };
    }
    return [...states.values()];
  }

  async cellsOfScope(
    tenantId: string,
    scopeKind: ScopeKind,
    scopeId: string,
    from: Date,
    to: Date,
  ): Promise<Cell[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT DISTINCT ${CELL_COLS} FROM measure.score_counts
       WHERE tenant_id = $1 AND scope_kind = $2 AND scope_id = $3 AND cycle_start >= $4 AND cycle_start < $5
       ORDER BY cycle_start`,
      [tenantId, scopeKind, scopeId, from, to],
    );
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      scopeKind: r.scope_kind,
      scopeId: r.scope_id,
      cycleLength: r.cycle_length,
      cycleStart: r.cycle_start.toISOString(),
    }));
  }
}

interface Row {
  tenant_id: string;
  scope_kind: ScopeKind;
  scope_id: string;
  cycle_length: Cell['cycleLength'];
  cycle_start: Date;
}
