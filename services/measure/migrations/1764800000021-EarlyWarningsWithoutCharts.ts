import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Early warnings are e-values of each cell's running totals (issue 21), not EWMA charts of
 * arrival-order slices: the chart state goes. The cells warned in a cycle are its stored
 * early-warning gaps, found through this index.
 */
export class EarlyWarningsWithoutCharts1764800000021 implements MigrationInterface {
  name = 'EarlyWarningsWithoutCharts1764800000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE measure.early_warnings`);
    await q.query(`CREATE INDEX gaps_early_warnings ON measure.gaps (tenant_id, cycle_length, cycle_start)
      WHERE kind = 'early-warning'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX measure.gaps_early_warnings`);
    // The charts cannot be rebuilt from totals: open cycles start their charts afresh.
    await q.query(`CREATE TABLE measure.early_warnings (
      tenant_id text NOT NULL,
      cycle_length text NOT NULL,
      cycle_start timestamptz NOT NULL,
      scope_kind text NOT NULL,
      scope_id text NOT NULL,
      indicator text NOT NULL,
      points double precision[] NOT NULL,
      checkpoint jsonb NOT NULL,
      signalled_at timestamptz,
      PRIMARY KEY (tenant_id, cycle_length, cycle_start, scope_kind, scope_id, indicator)
    )`);
  }
}
