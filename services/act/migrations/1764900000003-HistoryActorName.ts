import { sqlMigration } from '@continuum/persistence';

/** An action's history names the person (or key) behind each change, not only their id. */
export const HistoryActorName1764900000003 = sqlMigration('HistoryActorName1764900000003', {
  up: [`ALTER TABLE act.action_history ADD COLUMN actor_name text`],
  down: [`ALTER TABLE act.action_history DROP COLUMN actor_name`],
});
