import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { AggregationService } from './aggregation.service';

@BatchConsumer()
export class AggregationConsumer {
  constructor(private readonly aggregation: AggregationService) {}

  @EventPattern(Topic.FeedbackRecorded)
  async onFeedbackRecorded(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.FeedbackRecorded);
    await this.aggregation.addFeedback(events.map((d) => d.event));
    return { rejected };
  }

  @EventPattern(Topic.InteractionRecorded)
  async onInteractionRecorded(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.InteractionRecorded);
    await this.aggregation.addInteractions(events.map((d) => d.event));
    return { rejected };
  }

  /** A later contact changed an interaction's repeat-contact or first-contact-resolution signal. */
  @EventPattern(Topic.InteractionRevised)
  async onInteractionRevised(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.InteractionRevised);
    await this.aggregation.addRevisions(events.map((d) => d.event));
    return { rejected };
  }
}
