import { Logger } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { isValidTimeZone } from '@continuum/journey';
import { BatchConsumer, consumeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { ZonesRepository } from './zones.repository';

/** Why a journey record cannot give act its tenant's time zone, or null (its shape is the schema's). */
export function zoneProblem(data: { readonly timeZone: string }): string | null {
  return isValidTimeZone(data.timeZone) ? null : `timeZone: ${data.timeZone} is not an IANA time zone`;
}

/** Tenants' time zones from their journeys (compacted `cx.journey.v1`): team digests and quiet hours. */
@BatchConsumer()
export class JourneyConsumer {
  private readonly logger = new Logger('zones');

  constructor(private readonly zones: ZonesRepository) {}

  @EventPattern(Topic.Journey)
  onJourney(batch: RecordBatch): Promise<BatchOutcome> {
    return consumeEvents(
      batch,
      Topic.Journey,
      async (events) => {
        const changed = await this.zones.upsertLatest(
          events.map((e) => ({ tenantId: e.tenantId, version: e.data.version, timeZone: e.data.timeZone })),
        );
        if (changed > 0) this.logger.log(`time zone of ${changed} tenant(s) from their journey`);
      },
      (e) => zoneProblem(e.data),
    );
  }
}
