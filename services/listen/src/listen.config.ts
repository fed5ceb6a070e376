import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { BaseServiceConfig } from '@continuum/platform';

export class ListenConfig extends BaseServiceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  LISTEN_PORT = 3001;

  /** Journey maps applied at start-up: `tenant=path.yaml[,tenant=path.yaml]`. */
  @IsOptional()
  @IsString()
  LISTEN_JOURNEY_FILES?: string;

  /** How often the retention job deletes what each tenant's retention no longer allows (0: never). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  LISTEN_RETENTION_INTERVAL_MS = 3_600_000;

  /** How often raw topics lose the records listen has committed (DeleteRecords; 0: never). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  LISTEN_RAW_PURGE_INTERVAL_MS = 60_000;
}
