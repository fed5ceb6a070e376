import { sqlMigration } from '@continuum/persistence';

/**
 * Per-customer erasure (issue 20 item 1): an erasure and each service's confirmation of it. The
 * customer id is deliberately not kept here: the record of an erasure must not itself name the
 * person erased. Indexes find a customer's feedback and invitations without a scan. The retention
 * settings gain the limits measure and act apply (comment samples, resolved actions, delivery logs).
 */
export const Erasures1765200000000 = sqlMigration('Erasures1765200000000', {
  up: [
    `CREATE TABLE listen.erasures (
      tenant_id text NOT NULL,
      id uuid NOT NULL,
      requested_at timestamptz NOT NULL,
      requested_by text NOT NULL,
      PRIMARY KEY (tenant_id, id)
    )`,
    `CREATE TABLE listen.erasure_confirmations (
      tenant_id text NOT NULL,
      erasure_id uuid NOT NULL,
      service text NOT NULL,
      erased_at timestamptz NOT NULL,
      rows jsonb NOT NULL,
      PRIMARY KEY (tenant_id, erasure_id, service),
      FOREIGN KEY (tenant_id, erasure_id) REFERENCES listen.erasures (tenant_id, id)
    )`,
    `CREATE INDEX feedback_customer ON listen.feedback (tenant_id, customer_id)
      WHERE customer_id IS NOT NULL`,
    `CREATE INDEX invitations_customer ON listen.invitations (tenant_id, customer_id)`,
    `CREATE INDEX invitation_skips_customer ON listen.invitation_skips (tenant_id, customer_id)`,
    `ALTER TABLE listen.retention
      ADD COLUMN comment_sample_days integer CHECK (comment_sample_days BETWEEN 1 AND 3650),
      ADD COLUMN resolved_action_days integer CHECK (resolved_action_days BETWEEN 1 AND 3650),
      ADD COLUMN delivery_log_days integer CHECK (delivery_log_days BETWEEN 1 AND 3650)`,
  ],
  down: [
    `ALTER TABLE listen.retention
      DROP COLUMN delivery_log_days, DROP COLUMN resolved_action_days, DROP COLUMN comment_sample_days`,
    `DROP INDEX listen.invitation_skips_customer`,
    `DROP INDEX listen.invitations_customer`,
    `DROP INDEX listen.feedback_customer`,
    `DROP TABLE listen.erasure_confirmations`,
    `DROP TABLE listen.erasures`,
  ],
});
