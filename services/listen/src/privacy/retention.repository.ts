import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, partitionKey, Topic, type PrivacyRetentionV1 } from '@continuum/contracts';
import { deleteInChunks, enqueueOutbox, outboxRecord } from '@continuum/persistence';

/** Days each kind of row is kept; null keeps it until erased. listen applies the first two, measure and act the rest. */
export type RetentionSettings = Omit<PrivacyRetentionV1, 'tenantId'>;

export const KEEP_UNTIL_ERASED: RetentionSettings = {
  feedbackDays: null,
  interactionDays: null,
  commentSampleDays: null,
  resolvedActionDays: null,
  deliveryLogDays: null,
};

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
  comment_sample_days: number | null;
  resolved_action_days: number | null;
  delivery_log_days: number | null;
}

const toSettings = (r: Row | undefined): RetentionSettings =>
  r
    ? {
        feedbackDays: r.feedback_days,
        interactionDays: r.interaction_days,
        commentSampleDays: r.comment_sample_days,
        resolvedActionDays: r.resolved_action_days,
        deliveryLogDays: r.delivery_log_days,
      }
    : KEEP_UNTIL_ERASED;

@Injectable()
export class RetentionRepository {
  constructor(private readonly ds: DataSource) {}

  async get(tenantId: string): Promise<RetentionSettings> {
    const rows: Row[] = await this.ds.query(`SELECT * FROM listen.retention WHERE tenant_id = $1`, [
      tenantId,
    ]);
    return toSettings(rows[0]);
  }

  /** Stores the limits and publishes them (compacted, per tenant) for measure and act, in one transaction. */
  async set(tenantId: string, s: RetentionSettings): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO listen.retention (tenant_id, feedback_days, interaction_days, comment_sample_days,
           resolved_action_days, delivery_log_days) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id) DO UPDATE
           SET feedback_days = excluded.feedback_days, interaction_days = excluded.interaction_days,
             comment_sample_days = excluded.comment_sample_days, resolved_action_days = excluded.resolved_action_days,
             delivery_log_days = excluded.delivery_log_days, updated_at = now()`,
        [
          tenantId,
          s.feedbackDays,
          s.interactionDays,
          s.commentSampleDays,
          s.resolvedActionDays,
          s.deliveryLogDays,
        ],
      );
      const data: PrivacyRetentionV1 = { tenantId, ...s };
      await enqueueOutbox(m, 'listen', [
        outboxRecord(
          Topic.PrivacyRetention,
          partitionKey(tenantId),
          createEvent({ type: Topic.PrivacyRetention, source: '/continuum/listen', tenantId, data }),
        ),
      ]);
    });
  }

  /** Every tenant with at least one limit. */
  async limited(): Promise<(RetentionSettings & { tenantId: string })[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM listen.retention WHERE feedback_days IS NOT NULL OR interaction_days IS NOT NULL`,
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, ...toSettings(r) }));
  }

  /**
   * Deletes a tenant's rows older than `before`, in chunks; returns how many. Chunks keep each
   * transaction short, so ingest never waits long behind the job's row locks.
   */
  async deleteOlder(table: RetainedTable, column: string, tenantId: string, before: Date): Promise<number> {
    return deleteInChunks(this.ds, table, `tenant_id = $1 AND ${column} < $2`, [tenantId, before]);
  }
}
