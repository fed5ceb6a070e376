import { perTenantTable, sqlMigration } from '@continuum/persistence';

const CELL = `tenant_id text NOT NULL,
      cycle_length text NOT NULL,
      cycle_start timestamptz NOT NULL,
      scope_kind text NOT NULL,
      scope_id text NOT NULL`;

/** EWMA chart state per cell; dropped by EarlyWarningsWithoutCharts, whose `down` makes it again. */
export const EARLY_WARNINGS = `CREATE TABLE measure.early_warnings (
      ${CELL},
      indicator text NOT NULL,
      points double precision[] NOT NULL,
      checkpoint jsonb NOT NULL,
      signalled_at timestamptz,
      PRIMARY KEY (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, indicator)
    )`;

/** The cell tables' primary keys, leading with `cell`. */
function rekey(cell: string): string[] {
  return [
    ['score_counts', 'metric, score'],
    ['moments', 'metric'],
  ].map(
    ([table, rest]) => `ALTER TABLE measure.${table} DROP CONSTRAINT ${table}_pkey,
        ADD PRIMARY KEY (${cell}, ${rest})`,
  );
}

/**
 * Journeys, cycles and their closures, gaps, early-warning state, and the per-cell evidence
 * (theme counts, bounded comment samples). Cell keys lead with tenant × cycle, so a cycle's
 * evaluation reads its cells by primary-key prefix.
 */
export const MeasureCyclesAndGaps1764100000000 = sqlMigration('MeasureCyclesAndGaps1764100000000', {
  up: [
    ...rekey('tenant_id, cycle_length, cycle_start, scope_kind, scope_id'),
    perTenantTable('measure.journeys', ['version integer NOT NULL', 'journey jsonb NOT NULL']),
    // One row per tenant × cycle that holds data. Every aggregation batch bumps `revision`; an
    // evaluation records the revision it saw, so data landing after it asks for another one.
    `CREATE TABLE measure.cycles (
      tenant_id text NOT NULL,
      cycle_length text NOT NULL,
      cycle_start timestamptz NOT NULL,
      cycle_end timestamptz NOT NULL,
      time_zone text NOT NULL,
      revision bigint NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      evaluated_revision bigint NOT NULL DEFAULT 0,
      closed_at timestamptz,
      early_warning_revision bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, cycle_length, cycle_start)
    )`,
    // Cells aggregated before this migration were all UTC cycles (the skeleton's only setting).
    `INSERT INTO measure.cycles (tenant_id, cycle_length, cycle_start, cycle_end, time_zone)
      SELECT DISTINCT tenant_id, cycle_length, cycle_start,
        cycle_start + CASE cycle_length WHEN 'week' THEN interval '7 days' WHEN 'month' THEN interval '1 month'
          ELSE interval '1 day' END, 'UTC'
      FROM measure.score_counts`,
    `CREATE INDEX cycles_pending ON measure.cycles (cycle_end) WHERE evaluated_revision < revision`,
    `CREATE TABLE measure.cycle_closures (
      tenant_id text NOT NULL,
      cycle_length text NOT NULL,
      cycle_start timestamptz NOT NULL,
      revision bigint NOT NULL,
      scopes integer NOT NULL,
      comparisons integer NOT NULL,
      gaps integer NOT NULL,
      explained integer NOT NULL,
      duration_ms integer NOT NULL,
      cpu_ms integer,
      closed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, cycle_length, cycle_start, revision)
    )`,
    `CREATE TABLE measure.gaps (
      gap_key text PRIMARY KEY,
      tenant_id text NOT NULL,
      kind text NOT NULL,
      scope_kind text NOT NULL,
      scope_id text NOT NULL,
      indicator text NOT NULL,
      cycle_length text NOT NULL,
      cycle_start timestamptz NOT NULL,
      event_id text NOT NULL,
      gap jsonb NOT NULL,
      detected_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX gaps_by_tenant ON measure.gaps (tenant_id, cycle_start DESC)`,
    `CREATE TABLE measure.theme_counts (
      ${CELL},
      theme text NOT NULL,
      responses bigint NOT NULL,
      unhappy bigint NOT NULL,
      promoters bigint NOT NULL,
      passives bigint NOT NULL,
      detractors bigint NOT NULL,
      PRIMARY KEY (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, theme)
    )`,
    `CREATE TABLE measure.comment_samples (
      ${CELL},
      feedback_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      comment text NOT NULL,
      themes text[] NOT NULL,
      PRIMARY KEY (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, feedback_id)
    )`,
    // Cells changed since their running indicators were last published (coalesced publishing).
    `CREATE TABLE measure.dirty_cells (
      ${CELL},
      PRIMARY KEY (tenant_id, cycle_length, cycle_start, scope_kind, scope_id)
    )`,
    EARLY_WARNINGS,
  ],
  down: [
    ...[
      'early_warnings',
      'dirty_cells',
      'comment_samples',
      'theme_counts',
      'gaps',
      'cycle_closures',
      'cycles',
      'journeys',
    ].map((t) => `DROP TABLE measure.${t}`),
    ...rekey('tenant_id, scope_kind, scope_id, cycle_length, cycle_start'),
  ],
});
