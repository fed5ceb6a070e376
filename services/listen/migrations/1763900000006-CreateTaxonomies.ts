import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTaxonomies1763900000006 implements MigrationInterface {
  name = 'CreateTaxonomies1763900000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE listen.taxonomies (
      tenant_id text PRIMARY KEY,
      taxonomy jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE listen.taxonomies`);
  }
}
