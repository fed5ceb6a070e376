import { Module } from '@nestjs/common';
import { CoreModule, CustomerEraser, ErasureConsumer } from '@continuum/platform';
import { COLLECT_MIGRATIONS } from '../migrations';
import { CollectConfig } from './collect.config';
import { PagesModule } from './pages/pages.module';
import { CollectErasure } from './privacy/erasure.service';

/**
 * collect: the only service reachable from the internet. It serves survey pages and takes their
 * answers, nothing else: no API key works here and no tenant data can be read. It owns the
 * `collect` schema and reads, read-only, the two listen tables a link names (the invitation and
 * its survey version); its answers reach the loop as feedback on `cx.feedback.raw.v1`. It consumes
 * one topic, `cx.privacy.erasure.v1`, to erase the answers of a customer.
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
  ],
  controllers: [ErasureConsumer],
  providers: [{ provide: CustomerEraser, useClass: CollectErasure }],
})
export class AppModule {}
