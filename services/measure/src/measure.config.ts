import { Type } from 'class-transformer';
import { IsInt, IsNumber, Max, Min } from 'class-validator';
import { BaseServiceConfig } from '@continuum/platform';

export class MeasureConfig extends BaseServiceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  MEASURE_PORT = 3002;

  /** How often comment samples past their tenant's retention are deleted; 0 switches it off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  MEASURE_RETENTION_INTERVAL_MS = 3_600_000;

  /**
   * Recorded events folded in one transaction. The per-batch work (one upsert per table) hardly
   * grows with the events, so bigger batches mean more events per second.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20_000)
  MEASURE_BATCH_MAX_RECORDS = 5_000;

  /**
   * A fetch of the recorded topics waits for this many bytes or this long: bigger batches cost
   * measure far fewer cell writes per event (a batch writes each cell it touches once), which
   * leaves the CPU to listen and act, the path from an answer to its follow-up action (`npm run
   * bench` measures it). Indicators lag by at most the wait.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(8 * 1024 * 1024)
  MEASURE_FETCH_MIN_BYTES = 256 * 1024;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(5_000)
  MEASURE_FETCH_MAX_WAIT_MS = 500;

  /** Running indicators of changed cells are published at most this often (coalesced). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  MEASURE_METRICS_INTERVAL_MS = 2_000;

  /** How often the cycle-close timer looks for cycles due for evaluation. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  MEASURE_CYCLE_CLOSE_INTERVAL_MS = 5_000;

  /** A cycle is due this long after its end (lateness the tenant's sources are allowed). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(30 * 86_400_000)
  MEASURE_CYCLE_GRACE_MS = 3_600_000;

  /**
   * A due cycle closes once no event has landed in it for this long, so a backfill of past
   * cycles is evaluated whole rather than on its first batch.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  MEASURE_CYCLE_SETTLE_MS = 10_000;

  /** ...but never later than this after it became due, however steady the late trickle. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(30 * 86_400_000)
  MEASURE_CYCLE_SETTLE_MAX_MS = 3_600_000;

  /** Minimum observations per compared side before a comparison is tested. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(1_000_000)
  MEASURE_GAP_MIN_SAMPLE = 30;

  /** Per-comparison level of the confidence intervals (1 − confidence). */
  @Type(() => Number)
  @IsNumber()
  @Min(0.0001)
  @Max(0.5)
  MEASURE_GAP_ALPHA = 0.05;

  /** Benjamini–Hochberg false discovery rate across all comparisons of a tenant's cycle. */
  @Type(() => Number)
  @IsNumber()
  @Min(0.0001)
  @Max(0.5)
  MEASURE_GAP_FDR = 0.05;

  /** How often open cycles are checked for early warnings; 0 turns early warnings off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  MEASURE_EARLY_WARNING_INTERVAL_MS = 60_000;

  /**
   * e-BH level of early warnings across a tenant's cells in one open cycle: the expected share
   * of false warnings among a cycle's warnings stays at or below it, however often it is checked.
   */
  @Type(() => Number)
  @IsNumber()
  @Min(0.0001)
  @Max(0.5)
  MEASURE_EARLY_WARNING_FDR = 0.05;

  /**
   * Scale of the drops early warnings are tuned to (the mixture's τ), in multiples of each
   * indicator's minimum effect (NPS 5 points, CSAT 3 pp, …): larger finds big drops sooner and
   * small ones later. Any value keeps the false-alarm guarantee.
   */
  @Type(() => Number)
  @IsNumber()
  @Min(0.1)
  @Max(100)
  MEASURE_EARLY_WARNING_TAU = 4;

  /** How long a tenant's journey settings are cached before they are read again. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  MEASURE_JOURNEY_CACHE_MS = 5_000;

  /** Redacted comments of unhappy responses kept per cell as gap evidence. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  MEASURE_COMMENT_SAMPLES = 10;
}
