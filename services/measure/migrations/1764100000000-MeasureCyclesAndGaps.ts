import type { MigrationInterface, QueryRunner } from 'typeorm';

const CELL = `tenant_id text NOT NULL,
      cycle_length text NOT NULL,
      cycle_start timestamptz NOT NULL,
      scope_kind text NOT NULL,
      scope_id text NOT NULL`;

/**
 * Journeys, cycles and their closures, gaps, early-warning state, and the per-cell evidence
 * (theme counts, bounded comment samples). Cell keys lead with tenant × cycle, so a cycle's
 * evaluation reads its cells by primary-key prefix.
 */
export class MeasureCyclesAndGaps1764100000000 implements MigrationInterface {
  name = 'MeasureCyclesAndGaps1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, rest] of [
      ['score_counts', 'metric, score'],
      ['moments', 'metric'],
    ]) {
      await q.query(`ALTER TABLE measure.${table} DROP CONSTRAINT ${table}_pkey,
        ADD PRIMARY KEY (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, ${rest})`);
    }
    await q.query(`CREATE TABLE measure.journeys (
      tenant_id text PRIMARY KEY,
      version integer NOT NULL,
      journey jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // One row per tenant × cycle that holds data. Every aggregation batch bumps `revision`; an
    // evaluation records the revision it saw, so data landing after it asks for another one.
    await q.query(`CREATE TABLE measure.cycles (
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
    )`);
    // Cells aggregated before this migration were all UTC cycles (the skeleton's only setting).
    await q.query(`INSERT INTO measure.cycles (tenant_id, cycle_length, cycle_start, cycle_end, time_zone)
      SELECT DISTINCT tenant_id, cycle_length, cycle_start,
        cycle_start + CASE cycle_length WHEN 'week' THEN interval '7 days' WHEN 'month' THEN interval '1 month'
          ELSE interval '1 day' END, 'UTC'
      FROM measure.score_counts`);
    await q.query(
      `CREATE INDEX cycles_pending ON measure.cycles (cycle_end) WHERE evaluated_revision < revision`,
    );
    await q.query(`CREATE TABLE measure.cycle_closures (
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
    )`);
    await q.query(`CREATE TABLE measure.gaps (
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
    )`);
    await q.query(`CREATE INDEX gaps_by_tenant ON measure.gaps (tenant_id, cycle_start DESC)`);
    await q.query(`CREATE TABLE measure.theme_counts (
      ${CELL},
      theme text NOT NULL,
      responses bigint NOT NULL,
      unhappy bigint NOT NULL,
      promoters bigint NOT NULL,
      passives bigint NOT NULL,
      detractors bigint NOT NULL,
      PRIMARY KEY (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, theme)
    )`);
    await q.query(`CREATE TABLE measure.comment_samples (
      ${CELL},
      feedback_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      comment text NOT NULL,
      themes text[] NOT NULL,
      PRIMARY KEY (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, feedback_id)
    )`);
    // Cells changed since their running indicators were last published (coalesced publishing).
    await q.query(`CREATE TABLE measure.dirty_cells (
      ${CELL},
      PRIMARY KEY (tenant_id, cycle_length, cycle_start, scope_kind, scope_id)
    )`);
    await q.query(`CREATE TABLE measure.early_warnings (
      ${CELL},
      indicator text NOT NULL,
      points double precision[] NOT NULL,
      checkpoint jsonb NOT NULL,
      signalled_at timestamptz,
      PRIMARY KEY (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, indicator)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'early_warnings',
      'dirty_cells',
      'comment_samples',
      'theme_counts',
      'gaps',
      'cycle_closures',
      'cycles',
      'journeys',
    ]) {
      await q.query(`DROP TABLE measure.${t}`);
    }
    for (const [table, rest] of [
      ['score_counts', 'metric, score'],
      ['moments', 'metric'],
    ]) {
      await q.query(`ALTER TABLE measure.${table} DROP CONSTRAINT ${table}_pkey,
        ADD PRIMARY KEY (tenant_id, scope_kind, scope_id, cycle_length, cycle_start, ${rest})`);
    }
  }
}
