import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { JourneyService } from './journey.service';

@BatchConsumer()
export class JourneyConsumer {
  constructor(private readonly journeys: JourneyService) {}

  @EventPattern(Topic.Journey)
  async onJourney(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.Journey);
    const { refused } = await this.journeys.apply(events.map((d) => d.event));
    for (const d of events) {
      const reason = refused.get(d.event.id);
      if (reason) rejected.push({ record: d.record, code: 'validation', reason });
    }
    return { rejected };
  }
}
