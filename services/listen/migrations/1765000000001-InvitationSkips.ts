import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations the contact policy (or a trigger's own rules) kept from going out, each with its
 * reason, so "skipped by policy" is counted rather than silent. Keyed like the contacts: a resent
 * id stays one skip.
 */
export class InvitationSkips1765000000001 implements MigrationInterface {
  name = 'InvitationSkips1765000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE listen.invitation_skips (
      tenant_id text NOT NULL,
      id text NOT NULL,
      customer_id text NOT NULL,
      channel text,
      touchpoint text,
      reason text NOT NULL,
      reasons jsonb NOT NULL DEFAULT '[]',
      at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    )`);
    await q.query(`CREATE INDEX invitation_skips_at ON listen.invitation_skips (tenant_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE listen.invitation_skips`);
  }
}
