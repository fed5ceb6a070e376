import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first time each invitation's page was opened (or answered without a GET first): one row,
 * so the funnel's `opened` is published once per invitation whatever the reloads.
 */
export class Opens1765400000001 implements MigrationInterface {
  name = 'Opens1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE collect.opens (
      tenant_id text NOT NULL,
      invitation_key uuid NOT NULL,
      opened_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, invitation_key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE collect.opens`);
  }
}
