import { Module } from '@nestjs/common';
import { JourneyController } from './journey.controller';
import { JourneyRepository } from './journey.repository';
import { JourneyService } from './journey.service';

/** The Map step: each tenant's journey, its versions, and its publication on cx.journey.v1. */
@Module({
  controllers: [JourneyController],
  providers: [JourneyService, JourneyRepository],
  exports: [JourneyService],
})
export class JourneyModule {}
