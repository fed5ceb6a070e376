import { EventPattern } from '@nestjs/microservices';
import { Topic, type EventType } from '@continuum/contracts';
import {
  BatchConsumer,
  decodeEvents,
  type BatchOutcome,
  type Decoded,
  type RecordBatch,
  type Rejection,
} from '@continuum/kafka';
import { AggregationService } from './aggregation.service';

function withRefusals<T extends EventType>(
  decoded: readonly Decoded<T>[],
  rejected: Rejection[],
  refused: ReadonlyMap<string, string>,
): BatchOutcome {
  for (const d of decoded) {
    const reason = refused.get(d.event.id);
    if (reason) rejected.push({ record: d.record, code: 'validation', reason });
  }
  return { rejected };
}

@BatchConsumer()
export class AggregationConsumer {
  constructor(private readonly aggregation: AggregationService) {}

  @EventPattern(Topic.FeedbackRecorded)
  async onFeedbackRecorded(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.FeedbackRecorded);
    const { refused } = await this.aggregation.addFeedback(events.map((d) => d.event));
    return withRefusals(events, rejected, refused);
  }

  @EventPattern(Topic.InteractionRecorded)
  async onInteractionRecorded(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.InteractionRecorded);
    const { refused } = await this.aggregation.addInteractions(events.map((d) => d.event));
    return withRefusals(events, rejected, refused);
  }

  /** A later contact changed an interaction's repeat-contact or first-contact-resolution signal. */
  @EventPattern(Topic.InteractionRevised)
  async onInteractionRevised(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.InteractionRevised);
    const { refused } = await this.aggregation.addRevisions(events.map((d) => d.event));
    return withRefusals(events, rejected, refused);
  }
}
