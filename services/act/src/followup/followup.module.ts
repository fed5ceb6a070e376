import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { FollowupConsumer } from './followup.consumer';
import { FollowupService } from './followup.service';

/** Inner loop: unhappy customers → follow-up actions. */
@Module({
  imports: [ActionsModule],
  controllers: [FollowupConsumer],
  providers: [FollowupService],
})
export class FollowupModule {}
