import { Module } from '@nestjs/common';
import { AggregationModule } from '../aggregation/aggregation.module';
import { JourneyModule } from '../journey/journey.module';
import { DriversController } from './drivers.controller';
import { DriversService } from './drivers.service';

/** Driver analysis over HTTP: which touchpoints and themes move the journey's NPS. Read-only. */
@Module({
  imports: [AggregationModule, JourneyModule],
  controllers: [DriversController],
  providers: [DriversService],
})
export class DriversModule {}
