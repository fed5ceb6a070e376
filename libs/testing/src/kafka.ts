/** Test-side Kafka: produce raw records and read topics from the beginning with a private group. */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type IHeaders } from 'kafkajs';
import type { TestStack } from './stack';

export interface SeenRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

function headers(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {}))
    if (v !== undefined) out[k] = String(Array.isArray(v) ? v[0] : v);
  return out;
}

export function testKafka(stack: TestStack): Kafka {
  return new Kafka({
    clientId: `test-${randomUUID().slice(0, 8)}`,
    brokers: stack.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
}

export async function produce(
  stack: TestStack,
  topic: string,
  records: readonly {
    key?: string;
    value: string | Buffer;
    headers?: Record<string, string>;
    /** Else chosen by the key, as the services' producers do. */
    partition?: number;
  }[],
): Promise<void> {
  const p = testKafka(stack).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await p.connect();
  try {
    await p.send({
      topic,
      acks: -1,
      messages: records.map((r) => ({
        key: r.key ?? null,
        value: r.value,
        headers: r.headers,
        ...(r.partition !== undefined ? { partition: r.partition } : {}),
      })),
    });
  } finally {
    await p.disconnect();
  }
}

/** A consumer that collects everything on the topics from the start, until stopped. */
export class TopicRecorder {
  readonly seen: SeenRecord[] = [];
  private readonly consumer;

  private constructor(
    stack: TestStack,
    private readonly topics: string[],
  ) {
    this.consumer = testKafka(stack).consumer({ groupId: `test-${randomUUID()}`, maxWaitTimeInMs: 100 });
  }

  static async start(stack: TestStack, topics: string[]): Promise<TopicRecorder> {
    const r = new TopicRecorder(stack, topics);
    await r.consumer.connect();
    await r.consumer.subscribe({ topics: r.topics, fromBeginning: true });
    await r.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        r.seen.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: headers(message.headers),
        });
      },
    });
    return r;
  }

  where(pred: (r: SeenRecord) => boolean): SeenRecord[] {
    return this.seen.filter(pred);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
