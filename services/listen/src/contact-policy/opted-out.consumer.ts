import { EventPattern } from '@nestjs/microservices';
import { ID_PATTERN, Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { ContactPolicyService } from './contact-policy.service';

/** `cx.contact.opted-out.v1` (collect's opt-out link) → the customer's opt-out in the contact policy. */
@BatchConsumer()
export class OptedOutConsumer {
  constructor(private readonly policy: ContactPolicyService) {}

  @EventPattern(Topic.ContactOptedOut)
  async onOptedOut(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.ContactOptedOut, (e) =>
      e.data.tenantId !== e.tenantId
        ? 'data tenantId differs from the event tenant'
        : typeof e.data.customerId !== 'string' || !ID_PATTERN.test(e.data.customerId)
          ? 'customerId must be an id'
          : typeof e.data.source !== 'string' || Number.isNaN(Date.parse(e.data.at))
            ? 'source and at (an instant) are required'
            : null,
    );
    await this.policy.optOut(events.map((d) => d.event.data));
    return { rejected };
  }
}
