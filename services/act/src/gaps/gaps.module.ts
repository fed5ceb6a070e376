import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { PlaybooksModule } from '../playbooks/playbooks.module';
import { GapsConsumer } from './gaps.consumer';
import { GapsService } from './gaps.service';

/** Outer loop: detected gaps → corrective actions for the stage's owner. */
@Module({
  imports: [ActionsModule, PlaybooksModule],
  controllers: [GapsConsumer],
  providers: [GapsService],
})
export class GapsModule {}
