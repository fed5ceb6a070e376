import { Module } from '@nestjs/common';
import { AggregationModule } from '../aggregation/aggregation.module';
import { JourneyModule } from '../journey/journey.module';
import { CycleCloseService } from './cycle-close.service';
import { CycleCloseTimer } from './cycle-close.timer';
import { EarlyWarningService } from './early-warning.service';
import { EarlyWarningTimer } from './early-warning.timer';
import { EvidenceReader } from './evidence.reader';
import { GapsController } from './gaps.controller';
import { GapsRepository } from './gaps.repository';

/**
 * Gaps: closes tenants' cycles and decides which changes are real; watches open cycles for
 * early warnings. Owns `measure.cycle_closures`,
 * `measure.gaps` (early warnings included) and the evaluation marks of `measure.cycles`; reads the aggregates, never writes them.
 */
@Module({
  imports: [AggregationModule, JourneyModule],
  controllers: [GapsController],
  providers: [
    GapsRepository,
    EvidenceReader,
    CycleCloseService,
    CycleCloseTimer,
    EarlyWarningService,
    EarlyWarningTimer,
  ],
  exports: [CycleCloseService, EarlyWarningService],
})
export class GapsModule {}
