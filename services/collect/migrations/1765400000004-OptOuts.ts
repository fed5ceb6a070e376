import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Opt-out links used: one row per message key, so a second click publishes nothing more. */
export class OptOuts1765400000004 implements MigrationInterface {
  name = 'OptOuts1765400000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE collect.opt_outs (
      tenant_id text NOT NULL,
      message_key uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, message_key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE collect.opt_outs`);
  }
}
