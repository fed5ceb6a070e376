import { sqlMigration } from '@continuum/persistence';

/** Surveys as data: every version of each tenant survey is kept (answers name the version). */
export const CreateSurveys1765000000002 = sqlMigration('CreateSurveys1765000000002', {
  up: [
    `CREATE TABLE listen.surveys (
      tenant_id text NOT NULL,
      id text NOT NULL,
      version integer NOT NULL,
      touchpoints text[] NOT NULL,
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id, version)
    )`,
  ],
  down: [`DROP TABLE listen.surveys`],
});
