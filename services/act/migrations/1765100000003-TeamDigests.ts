import { perTenantTable, sqlMigration } from '@continuum/persistence';

/**
 * Team digests: a channel is `immediate` (one message per event) or `digest` (one message a day or
 * a week, on its schedule), with optional quiet hours. Both are local times of the tenant's journey,
 * whose time zone act keeps from `cx.journey.v1`. A digest is a delivery like any notification;
 * its event id names the period, so the unique (channel, event) index sends at most one per period.
 */
export const TeamDigests1765100000003 = sqlMigration('TeamDigests1765100000003', {
  up: [
    `ALTER TABLE act.team_channels
      ADD COLUMN mode text NOT NULL DEFAULT 'immediate' CHECK (mode IN ('immediate', 'digest')),
      ADD COLUMN digest jsonb,
      ADD COLUMN quiet_hours jsonb,
      ADD CONSTRAINT team_channels_digest CHECK ((mode = 'digest') = (digest IS NOT NULL))`,
    `CREATE INDEX team_channels_digests ON act.team_channels (tenant_id, team)
      WHERE active AND mode = 'digest'`,
    perTenantTable('act.tenant_zones', ['time_zone text NOT NULL', 'journey_version integer NOT NULL']),
  ],
  down: [
    `DROP TABLE act.tenant_zones`,
    `DROP INDEX act.team_channels_digests`,
    `ALTER TABLE act.team_channels
      DROP CONSTRAINT team_channels_digest,
      DROP COLUMN quiet_hours,
      DROP COLUMN digest,
      DROP COLUMN mode`,
  ],
});
