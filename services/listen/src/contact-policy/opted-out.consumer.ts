import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { ContactPolicyService } from './contact-policy.service';

/** `cx.contact.opted-out.v1` (collect's opt-out link) → the customer's opt-out in the contact policy. */
@BatchConsumer()
export class OptedOutConsumer {
  constructor(private readonly policy: ContactPolicyService) {}

  @EventPattern(Topic.ContactOptedOut)
  async onOptedOut(batch: RecordBatch): Promise<BatchOutcome> {
    // The data's shape and tenant are checked by decodeEvents against the topic's JSON Schema.
    const { events, rejected } = decodeEvents(batch, Topic.ContactOptedOut);
    await this.policy.optOut(events.map((d) => d.event.data));
    return { rejected };
  }
}
