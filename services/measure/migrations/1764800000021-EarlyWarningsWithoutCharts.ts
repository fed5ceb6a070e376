import { sqlMigration } from '@continuum/persistence';
import { EARLY_WARNINGS } from './1764100000000-MeasureCyclesAndGaps';

/**
 * Early warnings are e-values of each cell's running totals (issue 21), not EWMA charts of
 * arrival-order slices: the chart state goes. The cells warned in a cycle are its stored
 * early-warning gaps, found through this index.
 */
export const EarlyWarningsWithoutCharts1764800000021 = sqlMigration(
  'EarlyWarningsWithoutCharts1764800000021',
  {
    up: [
      `DROP TABLE measure.early_warnings`,
      `CREATE INDEX gaps_early_warnings ON measure.gaps (tenant_id, cycle_length, cycle_start)
      WHERE kind = 'early-warning'`,
    ],
    down: [
      `DROP INDEX measure.gaps_early_warnings`,
      // The charts cannot be rebuilt from totals: open cycles start their charts afresh.
      EARLY_WARNINGS,
    ],
  },
);
