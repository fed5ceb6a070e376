import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-tenant retention of listen's personal data (issue 20 item 4): days after which recorded
 * feedback (with the survey contacts it counts for the contact policy) and interactions are
 * deleted. NULL keeps rows until erased. Indexes on the event time let the job find old rows
 * without scanning a tenant's whole history.
 */
export class Retention1765000000004 implements MigrationInterface {
  name = 'Retention1765000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE listen.retention (
      tenant_id text PRIMARY KEY,
      feedback_days integer CHECK (feedback_days BETWEEN 1 AND 3650),
      interaction_days integer CHECK (interaction_days BETWEEN 1 AND 3650),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX feedback_occurred ON listen.feedback (tenant_id, occurred_at)`);
    await q.query(`CREATE INDEX survey_contacts_at ON listen.survey_contacts (tenant_id, at)`);
    await q.query(`CREATE INDEX interactions_started ON listen.interactions (tenant_id, started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX listen.interactions_started`);
    await q.query(`DROP INDEX listen.survey_contacts_at`);
    await q.query(`DROP INDEX listen.feedback_occurred`);
    await q.query(`DROP TABLE listen.retention`);
  }
}
