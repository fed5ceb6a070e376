import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { PlaybooksModule } from '../playbooks/playbooks.module';
import { FollowupConsumer } from './followup.consumer';
import { FollowupService } from './followup.service';

/** Inner loop: unhappy customers → follow-up actions, by the tenant's playbook. */
@Module({
  imports: [ActionsModule, PlaybooksModule],
  controllers: [FollowupConsumer],
  providers: [FollowupService],
})
export class FollowupModule {}
