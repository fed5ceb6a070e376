import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FieldProblem } from '@continuum/contracts';
import type { ImportKind } from './csv-rows';

export type ImportStatus = 'running' | 'completed' | 'failed' | 'interrupted';

export interface RowRejection {
  /** Line of the file where the row starts (the header is line 1). */
  readonly line: number;
  /** The row's `id` cell, when it has one. */
  readonly id: string | null;
  readonly errors: readonly FieldProblem[];
}

export interface ImportCounters {
  readonly bytesRead: number;
  readonly rowsRead: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
}

export interface ImportReport extends ImportCounters {
  readonly id: string;
  readonly kind: ImportKind;
  readonly status: ImportStatus;
  /** The first rejections (at most MAX_REJECTION_DETAILS); `rejected` counts them all. */
  readonly rejections: readonly RowRejection[];
  readonly error: string | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

interface Row {
  id: string;
  kind: ImportKind;
  status: 'running' | 'completed' | 'failed';
  bytes_read: string;
  rows_read: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejections: RowRejection[];
  error: string | null;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  stale: boolean;
}

/** A running import that has not written progress for this long was cut off (process stopped). */
export const STALE_AFTER_SECONDS = 60;

@Injectable()
export class ImportsRepository {
  constructor(private readonly ds: DataSource) {}

  /** False when the tenant already has an import with this id. */
  async create(tenantId: string, id: string, kind: ImportKind): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO listen.imports (tenant_id, id, kind, status) VALUES ($1, $2, $3, 'running')
       ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`,
      [tenantId, id, kind],
    );
    return rows.length === 1;
  }

  /** Counters only grow, so heartbeats and batch updates may land in any order. */
  async progress(
    tenantId: string,
    id: string,
    c: ImportCounters,
    newRejections: readonly RowRejection[] = [],
  ): Promise<void> {
    await this.ds.query(
      `UPDATE listen.imports SET
         bytes_read = greatest(bytes_read, $3), rows_read = greatest(rows_read, $4),
         accepted = greatest(accepted, $5), duplicates = greatest(duplicates, $6),
         rejected = greatest(rejected, $7), rejections = rejections || $8::jsonb, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND status = 'running'`,
      [
        tenantId,
        id,
        c.bytesRead,
        c.rowsRead,
        c.accepted,
        c.duplicates,
        c.rejected,
        JSON.stringify(newRejections),
      ],
    );
  }

  async finish(
    tenantId: string,
    id: string,
    status: 'completed' | 'failed',
    c: ImportCounters,
    newRejections: readonly RowRejection[],
    error: string | null,
  ): Promise<void> {
    await this.progress(tenantId, id, c, newRejections);
    await this.ds.query(
      `UPDATE listen.imports SET status = $3, error = $4, finished_at = now(), updated_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, status, error],
    );
  }

  async findOne(tenantId: string, id: string): Promise<ImportReport | null> {
    const rows: Row[] = await this.ds.query(
      `SELECT id, kind, status, bytes_read, rows_read, accepted, duplicates, rejected, rejections, error,
              started_at, updated_at, finished_at,
              status = 'running' AND updated_at < now() - make_interval(secs => $3) AS stale
       FROM listen.imports WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, STALE_AFTER_SECONDS],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      kind: r.kind,
      status: r.stale ? 'interrupted' : r.status,
      bytesRead: Number(r.bytes_read),
      rowsRead: r.rows_read,
      accepted: r.accepted,
      duplicates: r.duplicates,
      rejected: r.rejected,
      rejections: r.rejections,
      error: r.error,
      startedAt: r.started_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
    };
  }
}
