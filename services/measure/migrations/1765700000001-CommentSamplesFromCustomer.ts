import { sqlMigration } from '@continuum/persistence';

/**
 * Whether a comment sample came from feedback naming a customer (issue 20, crypto-shredding): such
 * comments travel sealed, so gap events on the topic quote only the others. Older samples were in
 * clear on the topic already: false.
 */
export const CommentSamplesFromCustomer1765700000001 = sqlMigration(
  'CommentSamplesFromCustomer1765700000001',
  {
    up: [`ALTER TABLE measure.comment_samples ADD COLUMN from_customer boolean NOT NULL DEFAULT false`],
    down: [`ALTER TABLE measure.comment_samples DROP COLUMN from_customer`],
  },
);
