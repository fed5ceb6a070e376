import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, consumeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { JourneyService } from './journey.service';

@BatchConsumer()
export class JourneyConsumer {
  constructor(private readonly journeys: JourneyService) {}

  @EventPattern(Topic.Journey)
  onJourney(batch: RecordBatch): Promise<BatchOutcome> {
    // The journeys apply refuses are dead-lettered with its reasons.
    return consumeEvents(batch, Topic.Journey, (events) => this.journeys.apply(events));
  }
}
