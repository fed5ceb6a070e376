import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables, outboxHeadersAsJson } from '@continuum/persistence';

/**
 * collect's own rows: one answer per invitation (the primary key is what makes a double click or
 * a replayed link change nothing), and the outbox its feedback leaves through.
 */
export class CreateCollect1765000000010 implements MigrationInterface {
  name = 'CreateCollect1765000000010';

  async up(q: QueryRunner): Promise<void> {
    await createMessagingTables(q, 'collect');
    await outboxHeadersAsJson(q, 'collect');
    await q.query(`CREATE TABLE collect.answers (
      tenant_id text NOT NULL,
      invitation_key uuid NOT NULL,
      survey_id text NOT NULL,
      survey_version integer NOT NULL,
      question text NOT NULL,
      score text NOT NULL,
      comment text,
      reasons jsonb NOT NULL DEFAULT '[]',
      consent_to_contact boolean NOT NULL,
      language text NOT NULL,
      answered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, invitation_key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE collect.answers`);
    await dropMessagingTables(q, 'collect');
  }
}
