import 'reflect-metadata';
import { runService } from '@continuum/platform';
import { ACT_MIGRATIONS } from '../migrations';
import { ActConfig } from './act.config';
import { AppModule } from './app.module';
import { OPENAPI_INFO } from './openapi';

void runService({
  service: 'act',
  schema: 'act',
  module: AppModule,
  config: ActConfig,
  migrations: ACT_MIGRATIONS,
  openapi: OPENAPI_INFO,
  port: (c) => c.ACT_PORT,
});
