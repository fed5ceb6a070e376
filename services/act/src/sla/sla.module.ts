import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { VerificationModule } from '../verification/verification.module';
import { SlaScheduler } from './sla.scheduler';
import { SlaService } from './sla.service';

/** SLA escalation and the clock-driven part of verification. */
@Module({
  imports: [ActionsModule, VerificationModule],
  providers: [SlaService, SlaScheduler],
})
export class SlaModule {}
