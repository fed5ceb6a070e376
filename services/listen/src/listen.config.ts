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
}
