import { sqlMigration } from '@continuum/persistence';

/**
 * The first time each invitation's page was opened (or answered without a GET first): one row,
 * so the funnel's `opened` is published once per invitation whatever the reloads.
 */
export const Opens1765400000001 = sqlMigration('Opens1765400000001', {
  up: [
    `CREATE TABLE collect.opens (
      tenant_id text NOT NULL,
      invitation_key uuid NOT NULL,
      opened_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, invitation_key)
    )`,
  ],
  down: [`DROP TABLE collect.opens`],
});
