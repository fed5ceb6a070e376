import { Module } from '@nestjs/common';
import { JourneyModule } from '../journey/journey.module';
import { AggregationConsumer } from './aggregation.consumer';
import { AggregationRepository } from './aggregation.repository';
import { AggregationService } from './aggregation.service';
import { CycleRepository } from './cycles.repository';
import { IndicatorsController } from './indicators.controller';
import { MetricsPublisher } from './metrics.publisher';

/**
 * Indicators per tenant × scope × cycle, from recorded feedback and interactions. Owns the
 * per-cell state tables and `measure.cycles`' revisions; never evaluates gaps.
 */
@Module({
  imports: [JourneyModule],
  controllers: [AggregationConsumer, IndicatorsController],
  providers: [AggregationService, AggregationRepository, CycleRepository, MetricsPublisher],
  exports: [AggregationRepository, CycleRepository, MetricsPublisher],
})
export class AggregationModule {}
