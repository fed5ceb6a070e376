/**
 * `measure.cycles`: each tenant × cycle's bounds, time zone, revision and closing. Every write to
 * a cycle's cells bumps its revision here; the cells themselves live in aggregation.repository.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { compositeKey, type CycleLength } from '@continuum/contracts';
import type { CycleTouch } from './cells';
import { sorted } from './lock-order';

export interface StoredCycle {
  readonly tenantId: string;
  readonly cycleLength: CycleLength;
  readonly cycleStart: string;
  readonly cycleEnd: string;
  readonly timeZone: string;
  readonly revision: number;
  readonly evaluatedRevision: number;
  readonly closedAt: string | null;
}

export interface CycleRow {
  tenant_id: string;
  cycle_length: CycleLength;
  cycle_start: Date;
  cycle_end: Date;
  time_zone: string;
  revision: string;
  evaluated_revision: string;
  closed_at: Date | null;
}

export function cycleOfRow(r: CycleRow): StoredCycle {
  return {
    tenantId: r.tenant_id,
    cycleLength: r.cycle_length,
    cycleStart: r.cycle_start.toISOString(),
    cycleEnd: r.cycle_end.toISOString(),
    timeZone: r.time_zone,
    revision: Number(r.revision),
    evaluatedRevision: Number(r.evaluated_revision),
    closedAt: r.closed_at ? r.closed_at.toISOString() : null,
  };
}

/** Marks each touched tenant × cycle changed; rows lock in key order (see `sorted`). */
export async function touchCycles(m: EntityManager, cycles: readonly CycleTouch[]): Promise<void> {
  const rows = sorted(cycles, (c) => compositeKey(c.tenantId, c.cycleLength, c.cycleStart));
  if (rows.length === 0) return;
  await m.query(
    `INSERT INTO measure.cycles (tenant_id, cycle_length, cycle_start, cycle_end, time_zone)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[])
     ON CONFLICT (tenant_id, cycle_length, cycle_start) DO UPDATE
       SET revision = measure.cycles.revision + 1, updated_at = clock_timestamp()`,
    [
      rows.map((c) => c.tenantId),
      rows.map((c) => c.cycleLength),
      rows.map((c) => c.cycleStart),
      rows.map((c) => c.cycleEnd),
      rows.map((c) => c.timeZone),
    ],
  );
}

type Executor = EntityManager | DataSource;

@Injectable()
export class CycleRepository {
  constructor(private readonly ds: DataSource) {}

  async findCycle(
    m: Executor,
    tenantId: string,
    cycleLength: CycleLength,
    cycleStart: string,
  ): Promise<StoredCycle | null> {
    const rows: CycleRow[] = await m.query(
      `SELECT * FROM measure.cycles WHERE tenant_id = $1 AND cycle_length = $2 AND cycle_start = $3`,
      [tenantId, cycleLength, cycleStart],
    );
    return rows[0] ? cycleOfRow(rows[0]) : null;
  }

  /** The tenant's cycles whose start lies in [from, to), oldest first. */
  async cyclesBetween(tenantId: string, from: Date, to: Date): Promise<StoredCycle[]> {
    const rows: CycleRow[] = await this.ds.query(
      `SELECT * FROM measure.cycles WHERE tenant_id = $1 AND cycle_start >= $2 AND cycle_start < $3
       ORDER BY cycle_start, cycle_length`,
      [tenantId, from, to],
    );
    return rows.map(cycleOfRow);
  }

  /** The tenant's cycle containing the instant (of any length it has data for), latest start first. */
  async cyclesContaining(tenantId: string, at: Date): Promise<StoredCycle[]> {
    const rows: CycleRow[] = await this.ds.query(
      `SELECT * FROM measure.cycles WHERE tenant_id = $1 AND cycle_start <= $2 AND cycle_end > $2
       ORDER BY cycle_start DESC`,
      [tenantId, at],
    );
    return rows.map(cycleOfRow);
  }

  /** The tenant's latest closed cycle, if any. */
  async latestClosedCycle(tenantId: string): Promise<StoredCycle | null> {
    const rows: CycleRow[] = await this.ds.query(
      `SELECT * FROM measure.cycles WHERE tenant_id = $1 AND closed_at IS NOT NULL
       ORDER BY cycle_start DESC LIMIT 1`,
      [tenantId],
    );
    return rows[0] ? cycleOfRow(rows[0]) : null;
  }
}
