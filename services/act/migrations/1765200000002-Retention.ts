import { retentionTable, sqlMigration } from '@continuum/persistence';

/**
 * The tenants' retention limits as listen publishes them (`cx.privacy.retention.v1`), when an
 * action's personal data was removed (by retention or erasure: the row itself stays, its counts
 * are the tenant's history), and indexes the job finds old rows by (issue 20 item 4).
 */
export const Retention1765200000002 = sqlMigration('Retention1765200000002', {
  up: [
    retentionTable('act'),
    `ALTER TABLE act.actions ADD COLUMN personal_data_removed_at timestamptz`,
    `CREATE INDEX actions_closed_personal ON act.actions (tenant_id, coalesce(resolved_at, updated_at))
      WHERE personal_data_removed_at IS NULL AND status IN ('resolved', 'verified', 'cancelled')`,
    `CREATE INDEX webhook_deliveries_finished ON act.webhook_deliveries (tenant_id, created_at)
      WHERE status <> 'pending'`,
  ],
  down: [
    `DROP INDEX act.webhook_deliveries_finished`,
    `DROP INDEX act.actions_closed_personal`,
    `ALTER TABLE act.actions DROP COLUMN personal_data_removed_at`,
    `DROP TABLE act.retention`,
  ],
});
