import { sqlMigration } from '@continuum/persistence';

/**
 * Verification judges whole cycles only (issue 21): each watched observation records whether it
 * is its cycle's closing value. Observations kept before: a cycle that ended more than two hours
 * ago (measure's default grace plus its longest settle) has had its closing indicators published,
 * so its stored value is the closing one; later cycles' closing indicators will mark theirs.
 */
export const ClosedObservations1764800000023 = sqlMigration('ClosedObservations1764800000023', {
  up: [
    `ALTER TABLE act.watch_observations ADD COLUMN closed boolean NOT NULL DEFAULT false`,
    `UPDATE act.watch_observations SET closed = true WHERE cycle_end + interval '2 hours' < now()`,
  ],
  down: [`ALTER TABLE act.watch_observations DROP COLUMN closed`],
});
