import { Logger } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { isValidTimeZone } from '@continuum/journey';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { ZonesRepository } from './zones.repository';

/** Why a journey record cannot give act its tenant's time zone, or null. */
export function zoneProblem(
  data: { tenantId?: unknown; version?: unknown; timeZone?: unknown },
  tenantId: string,
) {
  if (data.tenantId !== tenantId) return 'journey tenantId differs from the event tenant';
  if (!Number.isSafeInteger(data.version) || (data.version as number) < 1)
    return 'version must be a positive integer';
  if (typeof data.timeZone !== 'string' || !isValidTimeZone(data.timeZone))
    return `timeZone ${String(data.timeZone)} is not an IANA time zone`;
  return null;
}

/** Tenants' time zones from their journeys (compacted `cx.journey.v1`): team digests and quiet hours. */
@BatchConsumer()
export class JourneyConsumer {
  private readonly logger = new Logger('zones');

  constructor(private readonly zones: ZonesRepository) {}

  @EventPattern(Topic.Journey)
  async onJourney(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.Journey, (e) => zoneProblem(e.data, e.tenantId));
    const changed = await this.zones.upsertLatest(
      events.map(({ event: e }) => ({
        tenantId: e.tenantId,
        version: e.data.version,
        timeZone: e.data.timeZone,
      })),
    );
    if (changed > 0) this.logger.log(`time zone of ${changed} tenant(s) from their journey`);
    return { rejected };
  }
}
