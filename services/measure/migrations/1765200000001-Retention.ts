import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createRetentionTable } from '@continuum/persistence';

/**
 * The tenants' retention limits as listen publishes them (`cx.privacy.retention.v1`), and the
 * index the job finds old comment samples by (issue 20 item 4).
 */
export class Retention1765200000001 implements MigrationInterface {
  name = 'Retention1765200000001';

  async up(q: QueryRunner): Promise<void> {
    await createRetentionTable(q, 'measure');
    await q.query(
      `CREATE INDEX comment_samples_occurred ON measure.comment_samples (tenant_id, occurred_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX measure.comment_samples_occurred`);
    await q.query(`DROP TABLE measure.retention`);
  }
}
