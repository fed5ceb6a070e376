import {
  dropMessagingTables,
  messagingTables,
  outboxHeadersAsJson,
  sqlMigration,
} from '@continuum/persistence';

/**
 * collect's own rows: one answer per invitation (the primary key is what makes a double click or
 * a replayed link change nothing), and the outbox its feedback leaves through.
 */
export const CreateCollect1765000000010 = sqlMigration('CreateCollect1765000000010', {
  up: [
    ...messagingTables('collect'),
    outboxHeadersAsJson('collect'),
    `CREATE TABLE collect.answers (
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
    )`,
  ],
  down: [`DROP TABLE collect.answers`, ...dropMessagingTables('collect')],
});
