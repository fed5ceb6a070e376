import { Topic } from '@continuum/contracts';
import { eventsConsumer } from '@continuum/kafka';
import { JourneyService } from './journey.service';

/** `cx.journey.v1` → the tenants' journey settings; the journeys it refuses are dead-lettered. */
export const JourneyConsumer = eventsConsumer(Topic.Journey, JourneyService, (journeys, events) =>
  journeys.apply(events),
);
