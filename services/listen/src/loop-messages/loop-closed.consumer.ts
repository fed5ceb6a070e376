import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, consumeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { LoopMessagesService } from './loop-messages.service';

/** `cx.loop.closed.v1` (act) → a "you said, we did" message to each consenting customer. */
@BatchConsumer()
export class LoopClosedConsumer {
  constructor(private readonly messages: LoopMessagesService) {}

  @EventPattern(Topic.LoopClosed)
  onLoopClosed(batch: RecordBatch): Promise<BatchOutcome> {
    // The data's shape and tenant are checked by consumeEvents against the topic's JSON Schema.
    return consumeEvents(batch, Topic.LoopClosed, (events) =>
      this.messages.onLoopClosed(events.map((e) => e.data)),
    );
  }
}
