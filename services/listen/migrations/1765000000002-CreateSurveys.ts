import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Surveys as data: every version of each tenant survey is kept (answers name the version). */
export class CreateSurveys1765000000002 implements MigrationInterface {
  name = 'CreateSurveys1765000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE listen.surveys (
      tenant_id text NOT NULL,
      id text NOT NULL,
      version integer NOT NULL,
      touchpoints text[] NOT NULL,
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id, version)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE listen.surveys`);
  }
}
