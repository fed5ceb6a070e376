import { Topic } from '@continuum/contracts';
import { eventsConsumer } from '@continuum/kafka';
import { FunnelService } from './funnel.service';

/** `cx.invitation.status.v1` (from listen and collect) → the response funnel; the events it refuses are dead-lettered. */
export const FunnelConsumer = eventsConsumer(Topic.InvitationStatus, FunnelService, (funnel, events) =>
  funnel.add(events),
);
