import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Days each kind of row is kept; null keeps it until erased. */
export interface RetentionSettings {
  readonly feedbackDays: number | null;
  readonly interactionDays: number | null;
}

export const KEEP_UNTIL_ERASED: RetentionSettings = { feedbackDays: null, interactionDays: null };

/** The tables the job prunes, each by its event time, and the setting that bounds it. */
export const RETAINED = [
  { table: 'listen.feedback', column: 'occurred_at', setting: 'feedbackDays' },
  // Survey contacts are feedback received and invitations sent: the same personal data, the same limit.
  { table: 'listen.survey_contacts', column: 'at', setting: 'feedbackDays' },
  { table: 'listen.interactions', column: 'started_at', setting: 'interactionDays' },
] as const;
export type RetainedTable = (typeof RETAINED)[number]['table'];

interface Row {
  tenant_id: string;
  feedback_days: number | null;
  interaction_days: number | null;
}

const toSettings = (r: Row | undefined): RetentionSettings =>
  r ? { feedbackDays: r.feedback_days, interactionDays: r.interaction_days } : KEEP_UNTIL_ERASED;

@Injectable()
export class RetentionRepository {
  constructor(private readonly ds: DataSource) {}

  async get(tenantId: string): Promise<RetentionSettings> {
    const rows: Row[] = await this.ds.query(`SELECT * FROM listen.retention WHERE tenant_id = $1`, [
      tenantId,
    ]);
    return toSettings(rows[0]);
  }

  async set(tenantId: string, s: RetentionSettings): Promise<void> {
    await this.ds.query(
      `INSERT INTO listen.retention (tenant_id, feedback_days, interaction_days) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE
         SET feedback_days = excluded.feedback_days, interaction_days = excluded.interaction_days, updated_at = now()`,
      [tenantId, s.feedbackDays, s.interactionDays],
    );
  }

  /** Every tenant with at least one limit. */
  async limited(): Promise<(RetentionSettings & { tenantId: string })[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM listen.retention WHERE feedback_days IS NOT NULL OR interaction_days IS NOT NULL`,
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, ...toSettings(r) }));
  }

  /**
   * Deletes one chunk of a tenant's rows older than `before`; returns how many. Chunks keep each
   * transaction short, so ingest never waits long behind the job's row locks.
   */
  async deleteChunk(
    table: RetainedTable,
    column: string,
    tenantId: string,
    before: Date,
    chunk: number,
  ): Promise<number> {
    const [, count] = await this.ds.query<[unknown, number]>(
      `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM ${table} WHERE tenant_id = $1 AND ${column} < $2 LIMIT $3))`,
      [tenantId, before, chunk],
    );
    return count;
  }
}
