import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createRetentionTable } from '@continuum/persistence';

/**
 * The tenants' retention limits as listen publishes them (`cx.privacy.retention.v1`), when an
 * action's personal data was removed (by retention or erasure: the row itself stays, its counts
 * are the tenant's history), and indexes the job finds old rows by (issue 20 item 4).
 */
export class Retention1765200000002 implements MigrationInterface {
  name = 'Retention1765200000002';

  async up(q: QueryRunner): Promise<void> {
    await createRetentionTable(q, 'act');
    await q.query(`ALTER TABLE act.actions ADD COLUMN personal_data_removed_at timestamptz`);
    await q.query(`CREATE INDEX actions_closed_personal ON act.actions (tenant_id, coalesce(resolved_at, updated_at))
      WHERE personal_data_removed_at IS NULL AND status IN ('resolved', 'verified', 'cancelled')`);
    await q.query(`CREATE INDEX webhook_deliveries_finished ON act.webhook_deliveries (tenant_id, created_at)
      WHERE status <> 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX act.webhook_deliveries_finished`);
    await q.query(`DROP INDEX act.actions_closed_personal`);
    await q.query(`ALTER TABLE act.actions DROP COLUMN personal_data_removed_at`);
    await q.query(`DROP TABLE act.retention`);
  }
}
