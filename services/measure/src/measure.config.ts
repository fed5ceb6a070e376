import { BaseServiceConfig, DecimalSetting, IntSetting } from '@continuum/platform';

export class MeasureConfig extends BaseServiceConfig {
  @IntSetting(1, 65535)
  MEASURE_PORT = 3002;

  /** How often comment samples past their tenant's retention are deleted; 0 switches it off. */
  @IntSetting(0)
  MEASURE_RETENTION_INTERVAL_MS = 3_600_000;

  /**
   * Recorded events folded in one transaction. The per-batch work (one upsert per table) hardly
   * grows with the events, so bigger batches mean more events per second.
   */
  @IntSetting(1, 20_000)
  MEASURE_BATCH_MAX_RECORDS = 5_000;

  /**
   * A fetch of the recorded topics waits for this many bytes or this long: bigger batches cost
   * measure far fewer cell writes per event (a batch writes each cell it touches once), which
   * leaves the CPU to listen and act, the path from an answer to its follow-up action (`npm run
   * bench` measures it). Indicators lag by at most the wait.
   */
  @IntSetting(1, 8 * 1024 * 1024)
  MEASURE_FETCH_MIN_BYTES = 256 * 1024;

  @IntSetting(10, 5_000)
  MEASURE_FETCH_MAX_WAIT_MS = 500;

  /** Running indicators of changed cells are published at most this often (coalesced). */
  @IntSetting(100, 3_600_000)
  MEASURE_METRICS_INTERVAL_MS = 2_000;

  /** How often the cycle-close timer looks for cycles due for evaluation. */
  @IntSetting(100, 3_600_000)
  MEASURE_CYCLE_CLOSE_INTERVAL_MS = 5_000;

  /** A cycle is due this long after its end (lateness the tenant's sources are allowed). */
  @IntSetting(0, 30 * 86_400_000)
  MEASURE_CYCLE_GRACE_MS = 3_600_000;

  /**
   * A due cycle closes once no event has landed in it for this long, so a backfill of past
   * cycles is evaluated whole rather than on its first batch.
   */
  @IntSetting(0, 86_400_000)
  MEASURE_CYCLE_SETTLE_MS = 10_000;

  /** ...but never later than this after it became due, however steady the late trickle. */
  @IntSetting(0, 30 * 86_400_000)
  MEASURE_CYCLE_SETTLE_MAX_MS = 3_600_000;

  /** Minimum observations per compared side before a comparison is tested. */
  @IntSetting(2, 1_000_000)
  MEASURE_GAP_MIN_SAMPLE = 30;

  /** Per-comparison level of the confidence intervals (1 − confidence). */
  @DecimalSetting(0.0001, 0.5)
  MEASURE_GAP_ALPHA = 0.05;

  /** Benjamini–Hochberg false discovery rate across all comparisons of a tenant's cycle. */
  @DecimalSetting(0.0001, 0.5)
  MEASURE_GAP_FDR = 0.05;

  /** How often open cycles are checked for early warnings; 0 turns early warnings off. */
  @IntSetting(0, 86_400_000)
  MEASURE_EARLY_WARNING_INTERVAL_MS = 60_000;

  /**
   * e-BH level of early warnings across a tenant's cells in one open cycle: the expected share
   * of false warnings among a cycle's warnings stays at or below it, however often it is checked.
   */
  @DecimalSetting(0.0001, 0.5)
  MEASURE_EARLY_WARNING_FDR = 0.05;

  /**
   * Scale of the drops early warnings are tuned to (the mixture's τ), in multiples of each
   * indicator's minimum effect (NPS 5 points, CSAT 3 pp, …): larger finds big drops sooner and
   * small ones later. Any value keeps the false-alarm guarantee.
   */
  @DecimalSetting(0.1, 100)
  MEASURE_EARLY_WARNING_TAU = 4;

  /** How long a tenant's journey settings are cached before they are read again. */
  @IntSetting(0, 3_600_000)
  MEASURE_JOURNEY_CACHE_MS = 5_000;

  /** Redacted comments of unhappy responses kept per cell as gap evidence. */
  @IntSetting(0, 100)
  MEASURE_COMMENT_SAMPLES = 10;
}
