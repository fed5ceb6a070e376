import { Logger } from '@nestjs/common';
import { Topic } from '@continuum/contracts';
import { isValidTimeZone } from '@continuum/journey';
import { eventsConsumer } from '@continuum/kafka';
import { ZonesRepository } from './zones.repository';

/** Why a journey record cannot give act its tenant's time zone, or null (its shape is the schema's). */
export function zoneProblem(data: { readonly timeZone: string }): string | null {
  return isValidTimeZone(data.timeZone) ? null : `timeZone: ${data.timeZone} is not an IANA time zone`;
}

const logger = new Logger('zones');

/** Tenants' time zones from their journeys (compacted `cx.journey.v1`): team digests and quiet hours. */
export const JourneyConsumer = eventsConsumer(
  Topic.Journey,
  ZonesRepository,
  async (zones, events) => {
    const changed = await zones.upsertLatest(
      events.map((e) => ({ tenantId: e.tenantId, version: e.data.version, timeZone: e.data.timeZone })),
    );
    if (changed > 0) logger.log(`time zone of ${changed} tenant(s) from their journey`);
  },
  (e) => zoneProblem(e.data),
);
