import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verification judges whole cycles only (issue 21): each watched observation records whether it
 * is its cycle's closing value. Observations kept before are running values as far as anyone
 * knows, so they count as not closed; the cycle's closing indicators, when they come, mark it.
 */
export class ClosedObservations1764800000023 implements MigrationInterface {
  name = 'ClosedObservations1764800000023';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE act.watch_observations ADD COLUMN closed boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE act.watch_observations DROP COLUMN closed`);
  }
}
