import { Module } from '@nestjs/common';
import { JourneyConsumer } from './journey.consumer';
import { JourneyDirectory } from './journey.directory';
import { JourneyRepository } from './journey.repository';
import { JourneyService } from './journey.service';

/**
 * Tenants' journey maps as measure needs them (cycle, time zone, targets, owners). Owns the
 * `measure.journeys` table; never edits a journey (listen owns them).
 */
@Module({
  controllers: [JourneyConsumer],
  providers: [JourneyRepository, JourneyDirectory, JourneyService],
  exports: [JourneyDirectory],
})
export class JourneyModule {}
