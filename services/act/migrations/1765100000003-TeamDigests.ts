import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team digests: a channel is `immediate` (one message per event) or `digest` (one message a day or
 * a week, on its schedule), with optional quiet hours. Both are local times of the tenant's journey,
 * whose time zone act keeps from `cx.journey.v1`. A digest is a delivery like any notification;
 * its event id names the period, so the unique (channel, event) index sends at most one per period.
 */
export class TeamDigests1765100000003 implements MigrationInterface {
  name = 'TeamDigests1765100000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE act.team_channels
      ADD COLUMN mode text NOT NULL DEFAULT 'immediate' CHECK (mode IN ('immediate', 'digest')),
      ADD COLUMN digest jsonb,
      ADD COLUMN quiet_hours jsonb,
      ADD CONSTRAINT team_channels_digest CHECK ((mode = 'digest') = (digest IS NOT NULL))`);
    await q.query(`CREATE INDEX team_channels_digests ON act.team_channels (tenant_id, team)
      WHERE active AND mode = 'digest'`);
    await q.query(`CREATE TABLE act.tenant_zones (
      tenant_id text PRIMARY KEY,
      time_zone text NOT NULL,
      journey_version integer NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE act.tenant_zones`);
    await q.query(`DROP INDEX act.team_channels_digests`);
    await q.query(`ALTER TABLE act.team_channels
      DROP CONSTRAINT team_channels_digest,
      DROP COLUMN quiet_hours,
      DROP COLUMN digest,
      DROP COLUMN mode`);
  }
}
