import { dropMessagingTables, messagingTables, sqlMigration } from '@continuum/persistence';

/** What both tables are kept per: a metric in a scope's cycle. */
const METRIC_CELL = `tenant_id text NOT NULL,
      scope_kind text NOT NULL,
      scope_id text NOT NULL,
      cycle_length text NOT NULL,
      cycle_start timestamptz NOT NULL,
      metric text NOT NULL`;

export const CreateMeasure1763900000002 = sqlMigration('CreateMeasure1763900000002', {
  up: [
    ...messagingTables('measure'),
    // Mergeable state: counts per score value per cell; for continuous measures, exact integer sums
    // on a fixed grid (value × scale, see libs/indicators), so merges never depend on order.
    `CREATE TABLE measure.score_counts (
      ${METRIC_CELL},
      score smallint NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (tenant_id, scope_kind, scope_id, cycle_length, cycle_start, metric, score)
    )`,
    `CREATE TABLE measure.moments (
      ${METRIC_CELL},
      scale integer NOT NULL,
      n bigint NOT NULL,
      sum bigint NOT NULL,
      sum_sq bigint NOT NULL,
      min bigint,
      max bigint,
      PRIMARY KEY (tenant_id, scope_kind, scope_id, cycle_length, cycle_start, metric)
    )`,
  ],
  down: [`DROP TABLE measure.moments`, `DROP TABLE measure.score_counts`, ...dropMessagingTables('measure')],
});
