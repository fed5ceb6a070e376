import { Module } from '@nestjs/common';
import { JourneyConsumer } from './journey.consumer';
import { ZonesRepository } from './zones.repository';

/**
 * Tenants' time zones, kept from the journeys listen publishes; never edits a journey. Owns
 * `act.tenant_zones`.
 */
@Module({
  controllers: [JourneyConsumer],
  providers: [ZonesRepository],
  exports: [ZonesRepository],
})
export class ZonesModule {}
