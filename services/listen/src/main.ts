import 'reflect-metadata';
import { runService } from '@continuum/platform';
import { LISTEN_MIGRATIONS } from '../migrations';
import { AppModule } from './app.module';
import { OPENAPI_INFO } from './openapi';
import { ListenConfig } from './listen.config';

void runService({
  service: 'listen',
  schema: 'listen',
  module: AppModule,
  config: ListenConfig,
  migrations: LISTEN_MIGRATIONS,
  openapi: OPENAPI_INFO,
  port: (c) => c.LISTEN_PORT,
});
