import { perTenantTable, sqlMigration } from '@continuum/persistence';

export const CreateContactPolicy1763900000005 = sqlMigration('CreateContactPolicy1763900000005', {
  up: [
    // Survey contacts: invitations reported by integrators and feedback received, per customer.
    `CREATE TABLE listen.survey_contacts (
      tenant_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('invitation', 'feedback')),
      id text NOT NULL,
      customer_id text NOT NULL,
      channel text,
      at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, kind, id)
    )`,
    `CREATE INDEX survey_contacts_customer ON listen.survey_contacts (tenant_id, customer_id, at DESC)`,
    perTenantTable('listen.contact_policies', ['rules jsonb NOT NULL']),
  ],
  down: [`DROP TABLE listen.contact_policies`, `DROP TABLE listen.survey_contacts`],
});
