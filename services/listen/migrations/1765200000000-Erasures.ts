import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-customer erasure (issue 20 item 1): an erasure and each service's confirmation of it. The
 * customer id is deliberately not kept here: the record of an erasure must not itself name the
 * person erased. Indexes find a customer's feedback and invitations without a scan. The retention
 * settings gain the limits measure and act apply (comment samples, resolved actions, delivery logs).
 */
export class Erasures1765200000000 implements MigrationInterface {
  name = 'Erasures1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE listen.erasures (
      tenant_id text NOT NULL,
      id uuid NOT NULL,
      requested_at timestamptz NOT NULL,
      requested_by text NOT NULL,
      PRIMARY KEY (tenant_id, id)
    )`);
    await q.query(`CREATE TABLE listen.erasure_confirmations (
      tenant_id text NOT NULL,
      erasure_id uuid NOT NULL,
      service text NOT NULL,
      erased_at timestamptz NOT NULL,
      rows jsonb NOT NULL,
      PRIMARY KEY (tenant_id, erasure_id, service),
      FOREIGN KEY (tenant_id, erasure_id) REFERENCES listen.erasures (tenant_id, id)
    )`);
    await q.query(`CREATE INDEX feedback_customer ON listen.feedback (tenant_id, customer_id)
      WHERE customer_id IS NOT NULL`);
    await q.query(`CREATE INDEX invitations_customer ON listen.invitations (tenant_id, customer_id)`);
    await q.query(
      `CREATE INDEX invitation_skips_customer ON listen.invitation_skips (tenant_id, customer_id)`,
    );
    await q.query(`ALTER TABLE listen.retention
      ADD COLUMN comment_sample_days integer CHECK (comment_sample_days BETWEEN 1 AND 3650),
      ADD COLUMN resolved_action_days integer CHECK (resolved_action_days BETWEEN 1 AND 3650),
      ADD COLUMN delivery_log_days integer CHECK (delivery_log_days BETWEEN 1 AND 3650)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE listen.retention
      DROP COLUMN delivery_log_days, DROP COLUMN resolved_action_days, DROP COLUMN comment_sample_days`);
    await q.query(`DROP INDEX listen.invitation_skips_customer`);
    await q.query(`DROP INDEX listen.invitations_customer`);
    await q.query(`DROP INDEX listen.feedback_customer`);
    await q.query(`DROP TABLE listen.erasure_confirmations`);
    await q.query(`DROP TABLE listen.erasures`);
  }
}
