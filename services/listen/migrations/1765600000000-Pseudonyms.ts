import { perTenantTable, sqlMigration } from '@continuum/persistence';

/**
 * Pseudonymised customer ids on topics (issue 20 item 2). Each tenant's secret key (held by
 * listen only) and whether the tenant opted into raw ids on topics; the mapping from pseudonym
 * back to customer id, which an erasure deletes to make the pseudonym unlinkable. A loop message
 * keeps the id as topics carry it, which collect publishes when the customer opts out.
 */
export const Pseudonyms1765600000000 = sqlMigration('Pseudonyms1765600000000', {
  up: [
    perTenantTable('listen.pseudonym_keys', [
      'key bytea NOT NULL CHECK (octet_length(key) = 32)',
      `topic_ids text NOT NULL DEFAULT 'pseudonymised' CHECK (topic_ids IN ('pseudonymised', 'raw'))`,
      'raw_ever boolean NOT NULL DEFAULT false',
    ]),
    `CREATE TABLE listen.pseudonyms (
      tenant_id text NOT NULL,
      pseudonym text NOT NULL,
      customer_id text NOT NULL,
      PRIMARY KEY (tenant_id, pseudonym)
    )`,
    // Erasure and subject access find a customer's mapping by the raw id.
    `CREATE INDEX pseudonyms_customer ON listen.pseudonyms (tenant_id, customer_id)`,
    `ALTER TABLE listen.loop_messages ADD COLUMN topic_customer_id text`,
  ],
  down: [
    `ALTER TABLE listen.loop_messages DROP COLUMN topic_customer_id`,
    `DROP TABLE listen.pseudonyms`,
    `DROP TABLE listen.pseudonym_keys`,
  ],
});
