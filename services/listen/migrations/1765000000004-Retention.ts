import { perTenantTable, sqlMigration } from '@continuum/persistence';

/**
 * Per-tenant retention of listen's personal data (issue 20 item 4): days after which recorded
 * feedback (with the survey contacts it counts for the contact policy) and interactions are
 * deleted. NULL keeps rows until erased. Indexes on the event time let the job find old rows
 * without scanning a tenant's whole history.
 */
export const Retention1765000000004 = sqlMigration('Retention1765000000004', {
  up: [
    perTenantTable('listen.retention', [
      'feedback_days integer CHECK (feedback_days BETWEEN 1 AND 3650)',
      'interaction_days integer CHECK (interaction_days BETWEEN 1 AND 3650)',
    ]),
    `CREATE INDEX feedback_occurred ON listen.feedback (tenant_id, occurred_at)`,
    `CREATE INDEX survey_contacts_at ON listen.survey_contacts (tenant_id, at)`,
    `CREATE INDEX interactions_started ON listen.interactions (tenant_id, started_at)`,
  ],
  down: [
    `DROP INDEX listen.interactions_started`,
    `DROP INDEX listen.survey_contacts_at`,
    `DROP INDEX listen.feedback_occurred`,
    `DROP TABLE listen.retention`,
  ],
});
