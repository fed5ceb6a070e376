import { sqlMigration } from '@continuum/persistence';

/**
 * Invitations Continuum sends itself: who (the address stays here, never on a topic or in a
 * link), which survey version, when (after the delay and outside quiet hours), and what came of
 * it (sent, bounced). `key` is the random id the signed link carries. Customers' contact details
 * and consent to be surveyed, for invitations that follow an interaction.
 */
export const CreateInvitations1765000000003 = sqlMigration('CreateInvitations1765000000003', {
  up: [
    `CREATE TABLE listen.invitations (
      tenant_id text NOT NULL,
      id text NOT NULL,
      key uuid NOT NULL UNIQUE,
      customer_id text NOT NULL,
      channel text NOT NULL,
      address text NOT NULL,
      language text NOT NULL,
      touchpoint text NOT NULL,
      survey_id text NOT NULL,
      survey_version integer NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'bounced', 'failed')),
      send_after timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`,
    `CREATE INDEX invitations_due ON listen.invitations (send_after) WHERE status = 'queued'`,
    `CREATE TABLE listen.customer_contacts (
      tenant_id text NOT NULL,
      customer_id text NOT NULL,
      email text,
      language text,
      consent_to_survey boolean NOT NULL,
      segment jsonb,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, customer_id)
    )`,
  ],
  down: [`DROP TABLE listen.customer_contacts`, `DROP TABLE listen.invitations`],
});
