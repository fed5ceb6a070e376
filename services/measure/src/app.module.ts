import { Module } from '@nestjs/common';
import { Topic } from '@continuum/contracts';
import { CoreModule } from '@continuum/platform';
import { MEASURE_MIGRATIONS } from '../migrations';
import { AggregationModule } from './aggregation/aggregation.module';
import {
  FEEDBACK_CONSUMER,
  INTERACTION_CONSUMER,
  REVISION_CONSUMER,
} from './aggregation/aggregation.service';
import { DriversModule } from './drivers/drivers.module';
import { FunnelModule } from './funnel/funnel.module';
import { GapsModule } from './gaps/gaps.module';
import { JourneyModule } from './journey/journey.module';
import { MeasureConfig } from './measure.config';
import { PrivacyModule } from './privacy/privacy.module';

/** measure: indicators and gaps from the recorded stream. Owns the `measure` schema only. */
@Module({
  imports: [
    CoreModule.forRoot({
      service: 'measure',
      schema: 'measure',
      config: MeasureConfig,
      migrations: MEASURE_MIGRATIONS,
      claims: {
        [FEEDBACK_CONSUMER]: Topic.FeedbackRecorded,
        [INTERACTION_CONSUMER]: Topic.InteractionRecorded,
        [REVISION_CONSUMER]: Topic.InteractionRevised,
      },
    }),
    JourneyModule,
    AggregationModule,
    GapsModule,
    DriversModule,
    PrivacyModule,
    FunnelModule,
  ],
})
export class AppModule {}
