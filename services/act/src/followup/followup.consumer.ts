import { Topic } from '@continuum/contracts';
import { eventsConsumer } from '@continuum/kafka';
import { FollowupService } from './followup.service';

export const FollowupConsumer = eventsConsumer(Topic.FeedbackRecorded, FollowupService, (followups, events) =>
  followups.handle(events),
);
