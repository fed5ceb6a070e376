import { Topic } from '@continuum/contracts';
import { eventsConsumer } from '@continuum/kafka';
import { GapsService } from './gaps.service';
import { cycleProblem } from './inbound';

export const GapsConsumer = eventsConsumer(
  Topic.GapsDetected,
  GapsService,
  (gaps, events) => gaps.handle(events),
  (e) => cycleProblem(e.data),
);
