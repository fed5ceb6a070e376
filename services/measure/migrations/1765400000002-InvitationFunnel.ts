import { sqlMigration } from '@continuum/persistence';

/**
 * The response funnel: one row per invitation and status (the primary key makes a redelivered
 * or republished status count once), in the cycle of the instant the invitation was judged, so
 * each stage of an invitation counts in the same cycle. No customer id, no address.
 */
export const InvitationFunnel1765400000002 = sqlMigration('InvitationFunnel1765400000002', {
  up: [
    `CREATE TABLE measure.invitation_statuses (
      tenant_id text NOT NULL,
      invitation_id text NOT NULL,
      status text NOT NULL,
      touchpoint text,
      channel text,
      reason text,
      cycle_length text NOT NULL,
      cycle_start timestamptz NOT NULL,
      cycle_end timestamptz NOT NULL,
      at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, invitation_id, status)
    )`,
    `CREATE INDEX invitation_statuses_cycle ON measure.invitation_statuses (tenant_id, cycle_start)`,
  ],
  down: [`DROP TABLE measure.invitation_statuses`],
});
