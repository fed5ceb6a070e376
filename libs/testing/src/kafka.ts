/** Test-side Kafka: produce raw records and read topics from the beginning with a private group. */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type IHeaders } from 'kafkajs';
import { eventually } from './processes';
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
  private readonly kafka: Kafka;
  private readonly consumer;
  /** Per `topic:partition`, the offset after the last record seen. */
  private readonly next = new Map<string, number>();

  private constructor(
    stack: TestStack,
    private readonly topics: string[],
  ) {
    this.kafka = testKafka(stack);
    this.consumer = this.kafka.consumer({ groupId: `test-${randomUUID()}`, maxWaitTimeInMs: 100 });
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
        r.next.set(`${topic}:${partition}`, Number(message.offset) + 1);
      },
    });
    return r;
  }

  where(pred: (r: SeenRecord) => boolean): SeenRecord[] {
    return this.seen.filter(pred);
  }

  /**
   * Resolves once the recorder has read every partition of its topics up to the end offsets they
   * have now (its lag is 0). After a marker record that the service produced behind the one under
   * test, this proves that anything produced before the marker has been seen: the test's way to
   * say "nothing else happened" without a sleep.
   */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: { key: string; end: number }[];
    try {
      const offsets = await Promise.all(
        this.topics.map(async (topic) =>
          (await admin.fetchTopicOffsets(topic)).map((p) => ({
            key: `${topic}:${p.partition}`,
            // Records deleted by retention or never written: the low watermark counts as read.
            end: Number(p.high) > Number(p.low) ? Number(p.high) : 0,
          })),
        ),
      );
      ends = offsets.flat();
    } finally {
      await admin.disconnect();
    }
    await eventually(async () => ends.every((e) => (this.next.get(e.key) ?? 0) >= e.end), timeoutMs, 50);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
