import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BaseServiceConfig } from '@continuum/platform';

export class ActConfig extends BaseServiceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  ACT_PORT = 3003;

  /** How often breached SLAs are escalated and ended verification cycles judged. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(3_600_000)
  ACT_SLA_SCAN_INTERVAL_MS = 15_000;

  /** How often the webhook dispatcher looks for due deliveries (it is also woken on commit). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(600_000)
  ACT_WEBHOOK_POLL_MS = 1000;

  /** First retry delay; each further attempt waits twice as long, up to ACT_WEBHOOK_BACKOFF_MAX_MS. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  ACT_WEBHOOK_BACKOFF_MS = 5000;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(86_400_000)
  ACT_WEBHOOK_BACKOFF_MAX_MS = 3_600_000;

  /** Attempts before a delivery is marked failed. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  ACT_WEBHOOK_MAX_ATTEMPTS = 12;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  ACT_WEBHOOK_TIMEOUT_MS = 10_000;
}
