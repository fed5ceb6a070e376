import { sqlMigration } from '@continuum/persistence';

/**
 * Invitations the contact policy (or a trigger's own rules) kept from going out, each with its
 * reason, so "skipped by policy" is counted rather than silent. Keyed like the contacts: a resent
 * id stays one skip.
 */
export const InvitationSkips1765000000001 = sqlMigration('InvitationSkips1765000000001', {
  up: [
    `CREATE TABLE listen.invitation_skips (
      tenant_id text NOT NULL,
      id text NOT NULL,
      customer_id text NOT NULL,
      channel text,
      touchpoint text,
      reason text NOT NULL,
      reasons jsonb NOT NULL DEFAULT '[]',
      at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    )`,
    `CREATE INDEX invitation_skips_at ON listen.invitation_skips (tenant_id, at)`,
  ],
  down: [`DROP TABLE listen.invitation_skips`],
});
