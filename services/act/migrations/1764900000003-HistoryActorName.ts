import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An action's history names the person (or key) behind each change, not only their id. */
export class HistoryActorName1764900000003 implements MigrationInterface {
  name = 'HistoryActorName1764900000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE act.action_history ADD COLUMN actor_name text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE act.action_history DROP COLUMN actor_name`);
  }
}
