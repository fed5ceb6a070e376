import 'reflect-metadata';
import { runService } from '@continuum/platform';
import { MEASURE_MIGRATIONS } from '../migrations';
import { AppModule } from './app.module';
import { OPENAPI_INFO } from './openapi';
import { MeasureConfig } from './measure.config';

void runService({
  service: 'measure',
  schema: 'measure',
  module: AppModule,
  config: MeasureConfig,
  migrations: MEASURE_MIGRATIONS,
  openapi: OPENAPI_INFO,
  port: (c) => c.MEASURE_PORT,
  maxRecordsPerCall: (c) => c.MEASURE_BATCH_MAX_RECORDS,
  fetch: (c) => ({ minBytes: c.MEASURE_FETCH_MIN_BYTES, maxWaitMs: c.MEASURE_FETCH_MAX_WAIT_MS }),
});
