import { Module } from '@nestjs/common';
import { CoreModule, CustomerEraser, ErasureConsumer } from '@continuum/platform';
import { COLLECT_MIGRATIONS } from '../migrations';
import { CollectConfig } from './collect.config';
import { OptOutModule } from './opt-out/opt-out.module';
import { PagesModule } from './pages/pages.module';
import { CollectErasure } from './privacy/erasure.service';
import { SpamModule } from './spam/spam.module';
import { WidgetModule } from './widget/widget.module';

/**
 * collect: the only service reachable from the internet. It serves survey pages and the web
 * widget and takes their answers, nothing else: no secret API key works here (the widget's
 * publishable key only posts answers) and no tenant data can be read. It owns the
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
    SpamModule,
    PagesModule,
    WidgetModule,
    OptOutModule,
  ],
  controllers: [ErasureConsumer],
  providers: [{ provide: CustomerEraser, useClass: CollectErasure }],
})
export class AppModule {}
