import { dropMessagingTables, messagingTables, sqlMigration } from '@continuum/persistence';

export const CreateListen1763900000001 = sqlMigration('CreateListen1763900000001', {
  up: [
    ...messagingTables('listen'),
    `CREATE TABLE listen.feedback (
      tenant_id text NOT NULL,
      id text NOT NULL,
      event_id uuid NOT NULL,
      touchpoint text NOT NULL,
      stage text,
      owner text,
      channel text,
      customer_id text,
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      nps smallint CHECK (nps BETWEEN 0 AND 10),
      csat smallint CHECK (csat BETWEEN 1 AND 5),
      ces smallint CHECK (ces BETWEEN 1 AND 7),
      emoji smallint CHECK (emoji BETWEEN 1 AND 5),
      comment text,
      language text,
      sentiment real,
      themes text[] NOT NULL DEFAULT '{}',
      segment jsonb NOT NULL DEFAULT '{}',
      consent_to_contact boolean NOT NULL DEFAULT false,
      flags text[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (tenant_id, id)
    )`,
    `CREATE INDEX feedback_recent ON listen.feedback (tenant_id, received_at, id)`,
  ],
  down: [`DROP TABLE listen.feedback`, ...dropMessagingTables('listen')],
});
