import { Topic } from '@continuum/contracts';
import { eventsConsumer } from '@continuum/kafka';
import { ContactPolicyService } from './contact-policy.service';

/** `cx.contact.opted-out.v1` (collect's opt-out link) → the customer's opt-out in the contact policy. */
export const OptedOutConsumer = eventsConsumer(
  Topic.ContactOptedOut,
  ContactPolicyService,
  (policy, events) => policy.optOut(events.map((e) => e.data)),
);
