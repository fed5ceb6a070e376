import { sqlMigration } from '@continuum/persistence';

/**
 * Team notification channels (e-mail, Slack, Teams). Their deliveries are rows of the webhook
 * delivery log (one outbox, one dispatcher, one retry policy), pointing at a channel instead of a
 * subscription; at most one delivery per channel and event.
 */
export const TeamNotifications1765000000043 = sqlMigration('TeamNotifications1765000000043', {
  up: [
    `CREATE TABLE act.team_channels (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      team text NOT NULL,
      position integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('email', 'slack', 'teams')),
      target text NOT NULL,
      target_hint text NOT NULL,
      events text[] NOT NULL,
      sla_lead_minutes integer NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX team_channels_team ON act.team_channels (tenant_id, team) WHERE active`,
    `ALTER TABLE act.webhook_deliveries
      ALTER COLUMN webhook_id DROP NOT NULL,
      ADD COLUMN channel_id uuid REFERENCES act.team_channels(id),
      ADD COLUMN action_id uuid,
      ADD CONSTRAINT webhook_deliveries_one_target CHECK ((webhook_id IS NULL) <> (channel_id IS NULL))`,
    `CREATE UNIQUE INDEX webhook_deliveries_channel_event
      ON act.webhook_deliveries (channel_id, event_id) WHERE channel_id IS NOT NULL`,
    `CREATE INDEX webhook_deliveries_notifications
      ON act.webhook_deliveries (tenant_id, created_at) WHERE channel_id IS NOT NULL`,
  ],
  down: [
    `DELETE FROM act.webhook_attempts a USING act.webhook_deliveries d
      WHERE a.delivery_id = d.id AND d.channel_id IS NOT NULL`,
    `DELETE FROM act.webhook_deliveries WHERE channel_id IS NOT NULL`,
    `DROP INDEX act.webhook_deliveries_notifications`,
    `DROP INDEX act.webhook_deliveries_channel_event`,
    `ALTER TABLE act.webhook_deliveries
      DROP CONSTRAINT webhook_deliveries_one_target,
      DROP COLUMN action_id,
      DROP COLUMN channel_id,
      ALTER COLUMN webhook_id SET NOT NULL`,
    `DROP TABLE act.team_channels`,
  ],
});
