import { sqlMigration } from '@continuum/persistence';

/**
 * Respondent-level answers for the key-driver analysis of `GET /v1/drivers` (issue 21): what the
 * per-cell sums cannot give — which answers came together. Only answers with NPS and another
 * score or themes (NPS alone is in the cell's histogram); no customer id, no comment.
 */
export const Respondents1764800000022 = sqlMigration('Respondents1764800000022', {
  up: [
    `CREATE TABLE measure.respondents (
      tenant_id text NOT NULL,
      cycle_length text NOT NULL,
      cycle_start timestamptz NOT NULL,
      feedback_id text NOT NULL,
      touchpoint text NOT NULL,
      stage text,
      nps smallint NOT NULL,
      csat smallint,
      ces smallint,
      emoji smallint,
      themes text[] NOT NULL,
      PRIMARY KEY (tenant_id, cycle_length, cycle_start, feedback_id)
    )`,
  ],
  down: [`DROP TABLE measure.respondents`],
});
