import { sqlMigration } from '@continuum/persistence';

/** Opt-out links used: one row per message key, so a second click publishes nothing more. */
export const OptOuts1765400000004 = sqlMigration('OptOuts1765400000004', {
  up: [
    `CREATE TABLE collect.opt_outs (
      tenant_id text NOT NULL,
      message_key uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, message_key)
    )`,
  ],
  down: [`DROP TABLE collect.opt_outs`],
});
