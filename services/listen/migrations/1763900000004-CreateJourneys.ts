import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateJourneys1763900000004 implements MigrationInterface {
  name = 'CreateJourneys1763900000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE listen.journeys (
      tenant_id text PRIMARY KEY,
      version integer NOT NULL,
      journey jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE listen.journeys`);
  }
}
