import { Module } from '@nestjs/common';
import { AggregationModule } from '../aggregation/aggregation.module';
import { JourneyModule } from '../journey/journey.module';
import { CycleCloseService } from './cycle-close.service';
import { CycleCloseTimer } from './cycle-close.timer';
import { GapsController } from './gaps.controller';
import { GapsRepository } from './gaps.repository';

/**
 * Gaps: closes tenants' cycles and decides which changes are real. Owns `measure.cycle_closures`,
 * `measure.gaps` and the evaluation marks of `measure.cycles`; reads the aggregates, never writes them.
 */
@Module({
  imports: [AggregationModule, JourneyModule],
  controllers: [GapsController],
  providers: [GapsRepository, CycleCloseService, CycleCloseTimer],
  exports: [CycleCloseService],
})
export class GapsModule {}
