import { Module } from '@nestjs/common';
import { CoreModule } from '@continuum/platform';
import { COLLECT_MIGRATIONS } from '../migrations';
import { CollectConfig } from './collect.config';
import { OptOutModule } from './opt-out/opt-out.module';
import { PagesModule } from './pages/pages.module';

/**
 * collect: the only service reachable from the internet. It serves survey pages and takes their
 * answers, nothing else: no API key works here and no tenant data can be read. It owns the
 * `collect` schema and reads, read-only, the two listen tables a link names (the invitation and
 * its survey version); its answers reach the loop as feedback on `cx.feedback.raw.v1`.
 */
@Module({
  imports: [
    CoreModule.forRoot({
      service: 'collect',
      schema: 'collect',
      config: CollectConfig,
      migrations: COLLECT_MIGRATIONS,
    }),
    PagesModule,
    OptOutModule,
  ],
})
export class AppModule {}
