import { sqlMigration } from '@continuum/persistence';

/**
 * Answers posted by the web widget: one per client-generated submission id (the primary key is
 * what makes a retried post change nothing), with the publishable key and origin they came from.
 */
export const WidgetAnswers1765300000001 = sqlMigration('WidgetAnswers1765300000001', {
  up: [
    `CREATE TABLE collect.widget_answers (
      tenant_id text NOT NULL,
      submission_id uuid NOT NULL,
      key_prefix text NOT NULL,
      origin text NOT NULL,
      touchpoint text NOT NULL,
      survey_id text NOT NULL,
      survey_version integer NOT NULL,
      question text NOT NULL,
      score text NOT NULL,
      comment text,
      language text NOT NULL,
      answered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, submission_id)
    )`,
  ],
  down: [`DROP TABLE collect.widget_answers`],
});
