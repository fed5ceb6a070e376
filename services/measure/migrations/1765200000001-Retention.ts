import { retentionTable, sqlMigration } from '@continuum/persistence';

/**
 * The tenants' retention limits as listen publishes them (`cx.privacy.retention.v1`), and the
 * index the job finds old comment samples by (issue 20 item 4).
 */
export const Retention1765200000001 = sqlMigration('Retention1765200000001', {
  up: [
    retentionTable('measure'),
    `CREATE INDEX comment_samples_occurred ON measure.comment_samples (tenant_id, occurred_at)`,
  ],
  down: [`DROP INDEX measure.comment_samples_occurred`, `DROP TABLE measure.retention`],
});
