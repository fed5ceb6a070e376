import { Topic } from '@continuum/contracts';
import { eventsConsumer } from '@continuum/kafka';
import { cycleProblem } from '../gaps/inbound';
import { VerificationService } from './verification.service';

export const VerificationConsumer = eventsConsumer(
  Topic.MetricsUpdated,
  VerificationService,
  (verification, events) => verification.observe(events),
  (e) => cycleProblem(e.data),
);
