import { Topic } from '@continuum/contracts';
import { eventsConsumer } from '@continuum/kafka';
import { InvitationsService } from './invitations.service';

/** `cx.interaction.recorded.v1` → a survey invitation, when a survey serves the touchpoint. */
export const InteractionTriggerConsumer = eventsConsumer(
  Topic.InteractionRecorded,
  InvitationsService,
  (invitations, events) => invitations.afterInteractions(events.map((e) => e.data)),
);
