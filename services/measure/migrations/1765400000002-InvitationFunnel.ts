import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The response funnel: one row per invitation and status (the primary key makes a redelivered
 * or republished status count once), in the cycle of the instant the invitation was judged, so
 * each stage of an invitation counts in the same cycle. No customer id, no address.
 */
export class InvitationFunnel1765400000002 implements MigrationInterface {
  name = 'InvitationFunnel1765400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE measure.invitation_statuses (
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
    )`);
    await q.query(
      `CREATE INDEX invitation_statuses_cycle ON measure.invitation_statuses (tenant_id, cycle_start)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE measure.invitation_statuses`);
  }
}
