import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, consumeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { FollowupService } from './followup.service';

@BatchConsumer()
export class FollowupConsumer {
  constructor(private readonly followups: FollowupService) {}

  @EventPattern(Topic.FeedbackRecorded)
  onFeedbackRecorded(batch: RecordBatch): Promise<BatchOutcome> {
    return consumeEvents(batch, Topic.FeedbackRecorded, (events) => this.followups.handle(events));
  }
}
