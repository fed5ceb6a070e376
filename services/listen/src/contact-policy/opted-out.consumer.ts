import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, consumeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { ContactPolicyService } from './contact-policy.service';

/** `cx.contact.opted-out.v1` (collect's opt-out link) → the customer's opt-out in the contact policy. */
@BatchConsumer()
export class OptedOutConsumer {
  constructor(private readonly policy: ContactPolicyService) {}

  @EventPattern(Topic.ContactOptedOut)
  onOptedOut(batch: RecordBatch): Promise<BatchOutcome> {
    // The data's shape and tenant are checked by consumeEvents against the topic's JSON Schema.
    return consumeEvents(batch, Topic.ContactOptedOut, (events) =>
      this.policy.optOut(events.map((e) => e.data)),
    );
  }
}
