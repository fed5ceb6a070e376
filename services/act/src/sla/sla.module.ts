import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { SlaScheduler } from './sla.scheduler';
import { SlaService } from './sla.service';

/** SLA escalation. */
@Module({
  imports: [ActionsModule],
  providers: [SlaService, SlaScheduler],
})
export class SlaModule {}
