import { Module } from '@nestjs/common';
import { AggregationConsumer } from './aggregation.consumer';
import { AggregationRepository } from './aggregation.repository';
import { AggregationService } from './aggregation.service';
import { IndicatorsController } from './indicators.controller';

/** Indicators per tenant × scope × cycle, from recorded feedback. */
@Module({
  controllers: [AggregationConsumer, IndicatorsController],
  providers: [AggregationService, AggregationRepository],
})
export class AggregationModule {}
