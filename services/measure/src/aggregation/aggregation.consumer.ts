import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, consumeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { AggregationService } from './aggregation.service';

@BatchConsumer()
export class AggregationConsumer {
  constructor(private readonly aggregation: AggregationService) {}

  @EventPattern(Topic.FeedbackRecorded)
  onFeedbackRecorded(batch: RecordBatch): Promise<BatchOutcome> {
    return consumeEvents(batch, Topic.FeedbackRecorded, (events) => this.aggregation.addFeedback(events));
  }

  @EventPattern(Topic.InteractionRecorded)
  onInteractionRecorded(batch: RecordBatch): Promise<BatchOutcome> {
    return consumeEvents(batch, Topic.InteractionRecorded, (events) =>
      this.aggregation.addInteractions(events),
    );
  }

  /** A later contact changed an interaction's repeat-contact or first-contact-resolution signal. */
  @EventPattern(Topic.InteractionRevised)
  onInteractionRevised(batch: RecordBatch): Promise<BatchOutcome> {
    return consumeEvents(batch, Topic.InteractionRevised, (events) => this.aggregation.addRevisions(events));
  }
}
