import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Respondent-level answers for the key-driver analysis of `GET /v1/drivers` (issue 21): what the
 * per-cell sums cannot give — which answers came together. Only answers with NPS and another
 * score or themes (NPS alone is in the cell's histogram); no customer id, no comment.
 */
export class Respondents1764800000022 implements MigrationInterface {
  name = 'Respondents1764800000022';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE measure.respondents (
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
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE measure.respondents`);
  }
}
