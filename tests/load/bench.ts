/** Kafka helpers the benchmarks share: recorded feedback as listen publishes it, batched sends, joined consumers. */
import type { Consumer, EachBatchHandler, Kafka, Message, Producer } from 'kafkajs';
import {
  createEvent,
  partitionKey,
  toBinaryHeaders,
  Topic,
  type FeedbackRecordedV1,
} from '@continuum/contracts';

/** A cx.feedback.recorded.v1 record as listen's outbox publishes it: keyed by tenant and touchpoint. */
export function recordedFeedbackRecord(data: FeedbackRecordedV1): Message {
  const e = createEvent({ type: Topic.FeedbackRecorded, source: '/bench', tenantId: data.tenantId, data });
  return {
    key: partitionKey(data.tenantId, data.touchpoint),
    value: JSON.stringify(data),
    headers: toBinaryHeaders(e),
  };
}

/** Sends `n` records (the i-th from `recordOf(i)`) to `topic` in batches of 5,000, each acknowledged by all replicas. */
export async function sendInBatches(
  producer: Producer,
  topic: string,
  n: number,
  recordOf: (i: number) => Message,
): Promise<void> {
  for (let i = 0; i < n; i += 5000) {
    const messages = Array.from({ length: Math.min(5000, n - i) }, (_, j) => recordOf(i + j));
    await producer.send({ topic, acks: -1, messages });
  }
}

/** A consumer of the actions and the recorded feedback from now on, handing batches to `eachBatch`; resolves once it has joined its group. */
export async function joinedLoopConsumer(
  kafka: Kafka,
  groupId: string,
  maxWaitTimeInMs: number,
  eachBatch: EachBatchHandler,
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs });
  await consumer.connect();
  await consumer.subscribe({ topics: [Topic.Actions, Topic.FeedbackRecorded], fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({ eachBatch });
  await joined;
  return consumer;
}
