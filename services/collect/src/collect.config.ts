import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig } from '@continuum/platform';

export class CollectConfig extends BaseServiceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  COLLECT_PORT = 3004;

  /** The secret listen signs invitation links with (the same value in both services); required to serve. */
  @IsOptional()
  @MinLength(32, { message: 'COLLECT_TOKEN_SECRET must be at least 32 characters' })
  @IsString()
  COLLECT_TOKEN_SECRET?: string;

  /** Requests one survey link (page views and answers) may take per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  COLLECT_RATE_PER_TOKEN = 20;

  /** Requests one client address may make to survey pages and the widget per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  COLLECT_RATE_PER_ADDRESS = 300;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  COLLECT_RATE_WINDOW_SECONDS = 60;
}
