import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a comment sample came from feedback naming a customer (issue 20, crypto-shredding): such
 * comments travel sealed, so gap events on the topic quote only the others. Older samples were in
 * clear on the topic already: false.
 */
export class CommentSamplesFromCustomer1765700000001 implements MigrationInterface {
  name = 'CommentSamplesFromCustomer1765700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE measure.comment_samples ADD COLUMN from_customer boolean NOT NULL DEFAULT false`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE measure.comment_samples DROP COLUMN from_customer`);
  }
}
