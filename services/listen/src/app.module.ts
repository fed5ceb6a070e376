import { Module } from '@nestjs/common';
import { CoreModule } from '@continuum/platform';
import { LISTEN_MIGRATIONS } from '../migrations';
import { FeedbackModule } from './feedback/feedback.module';
import { ImportsModule } from './imports/imports.module';
import { InteractionsModule } from './interactions/interactions.module';
import { ListenConfig } from './listen.config';

/** listen: the only door into Continuum. It owns the `listen` schema and never reads another. */
@Module({
  imports: [
    CoreModule.forRoot({
      service: 'listen',
      schema: 'listen',
      config: ListenConfig,
      migrations: LISTEN_MIGRATIONS,
    }),
    FeedbackModule,
    InteractionsModule,
    ImportsModule,
  ],
})
export class AppModule {}
