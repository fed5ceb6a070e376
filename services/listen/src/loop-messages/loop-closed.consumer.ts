import { Topic } from '@continuum/contracts';
import { eventsConsumer } from '@continuum/kafka';
import { LoopMessagesService } from './loop-messages.service';

/** `cx.loop.closed.v1` (act) → a "you said, we did" message to each consenting customer. */
export const LoopClosedConsumer = eventsConsumer(Topic.LoopClosed, LoopMessagesService, (messages, events) =>
  messages.onLoopClosed(events.map((e) => e.data)),
);
