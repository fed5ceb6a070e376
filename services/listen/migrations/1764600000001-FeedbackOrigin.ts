import { sqlMigration } from '@continuum/persistence';

/**
 * Where a feedback row read from the raw topic came from (partition and offset of
 * `cx.feedback.raw.v1`). The raw path publishes its events straight after the commit rather than
 * through the outbox; a record delivered again after a crash between the two finds its own row by
 * this position and publishes the same event again, while a resend of the id (another record)
 * does not.
 */
export const FeedbackOrigin1764600000001 = sqlMigration('FeedbackOrigin1764600000001', {
  up: [
    `ALTER TABLE listen.feedback
      ADD COLUMN origin_partition integer,
      ADD COLUMN origin_offset bigint,
      ADD CONSTRAINT feedback_origin_whole CHECK ((origin_partition IS NULL) = (origin_offset IS NULL))`,
  ],
  down: [
    `ALTER TABLE listen.feedback
      DROP CONSTRAINT feedback_origin_whole,
      DROP COLUMN origin_partition,
      DROP COLUMN origin_offset`,
  ],
});
