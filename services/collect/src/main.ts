import 'reflect-metadata';
import { runService } from '@continuum/platform';
import { COLLECT_MIGRATIONS } from '../migrations';
import { AppModule } from './app.module';
import { CollectConfig } from './collect.config';
import { OPENAPI_INFO } from './openapi';

void runService({
  service: 'collect',
  schema: 'collect',
  module: AppModule,
  config: CollectConfig,
  migrations: COLLECT_MIGRATIONS,
  openapi: OPENAPI_INFO,
  port: (c) => c.COLLECT_PORT,
  // Survey answers are small forms: a comment of 1,000 characters and a few chips.
  formLimit: '16kb',
});
