import { Module } from '@nestjs/common';
import { CoreModule } from '@continuum/platform';
import { ACT_MIGRATIONS } from '../migrations';
import { ActConfig } from './act.config';
import { ActionsModule } from './actions/actions.module';
import { FollowupModule } from './followup/followup.module';

/** act: turns gaps and unhappy customers into owned actions. Owns the `act` schema only. */
@Module({
  imports: [
    CoreModule.forRoot({ service: 'act', schema: 'act', config: ActConfig, migrations: ACT_MIGRATIONS }),
    ActionsModule,
    FollowupModule,
  ],
})
export class AppModule {}
