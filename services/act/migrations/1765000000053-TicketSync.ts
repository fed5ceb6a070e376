import { sqlMigration } from '@continuum/persistence';

/**
 * Ticket tools: a webhook subscription may carry a request template (its headers sealed, they
 * hold the tool's credentials); an action keeps the key of the ticket made for it; write-backs
 * from the tool are remembered by the tool's event id, so a repeated one changes nothing.
 */
export const TicketSync1765000000053 = sqlMigration('TicketSync1765000000053', {
  up: [
    `ALTER TABLE act.webhooks ADD COLUMN template jsonb, ADD COLUMN template_headers text`,
    `ALTER TABLE act.actions ADD COLUMN external_ref text`,
    `CREATE UNIQUE INDEX actions_external_ref ON act.actions (tenant_id, external_ref)
      WHERE external_ref IS NOT NULL`,
    `CREATE TABLE act.writebacks (
      tenant_id text NOT NULL,
      event_id text NOT NULL,
      external_ref text NOT NULL,
      command text NOT NULL,
      action_id uuid NOT NULL,
      result jsonb NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, event_id)
    )`,
  ],
  down: [
    `DROP TABLE act.writebacks`,
    `DROP INDEX act.actions_external_ref`,
    `ALTER TABLE act.actions DROP COLUMN external_ref`,
    `ALTER TABLE act.webhooks DROP COLUMN template_headers, DROP COLUMN template`,
  ],
});
