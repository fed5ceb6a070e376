import {
  CompressionTypes,
  Partitioners,
  type Kafka,
  type Message,
  type PartitionerArgs,
  type Producer,
  type RecordMetadata,
  type TopicMessages,
} from 'kafkajs';

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly headers: Record<string, string>;
  readonly value: string;
}

/**
 * The messages of `sent` whose partition (`partitionOf`) has no acknowledgement in `acked`.
 *
 * kafkajs 2.2.4 keeps a send's acknowledgements per broker, not per partition: when a broker of a
 * cluster dies mid-send, the retry moves its partitions to their new leaders, and a new leader
 * that already acknowledged its own share of the batch is never sent the moved ones — yet the
 * send resolves. The acknowledgements list every partition that was written, so what is missing
 * from them was not, and is sent again.
 */
export function unacknowledged(
  sent: readonly TopicMessages[],
  acked: readonly Pick<RecordMetadata, 'topicName' | 'partition'>[],
  partitionOf: (m: Message) => number | undefined,
): TopicMessages[] {
  const written = new Set(acked.map((r) => `${r.topicName}|${r.partition}`));
  return sent
    .map((t) => ({
      topic: t.topic,
      messages: t.messages.filter((m) => !written.has(`${t.topic}|${partitionOf(m)}`)),
    }))
    .filter((t) => t.messages.length > 0);
}

/**
 * The one producer of a process: idempotent (no duplicates from its own retries), acks from all
 * in-sync replicas, and one request in flight, which kafkajs needs for idempotence. A send
 * resolves only once every record's partition acknowledged it (see `unacknowledged`).
 */
export class EventProducer {
  private readonly producer: Producer;
  private connected: Promise<void> | null = null;
  /** Each message's partition, fixed at its first assignment so that retries cannot move it. */
  private readonly partitionOf = new WeakMap<Message, number>();
  /** Records sent again because a send resolved without their partition's acknowledgement. */
  resent = 0;

  constructor(kafka: Kafka) {
    const pinned = this.partitionOf;
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Murmur2 keyed partitioning, as the Java client: a key lands where other clients put it.
      createPartitioner: () => {
        const partition = Partitioners.DefaultPartitioner();
        return (args: PartitionerArgs) => {
          let p = pinned.get(args.message);
          if (p === undefined || p >= args.partitionMetadata.length) {
            p = partition(args);
            pinned.set(args.message, p);
          }
          return p;
        };
      },
      // Idempotence needs unbounded retries; each retry is still capped in time by the client.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  /** Connects once; a failed attempt is forgotten so the next call tries again. */
  connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((err: unknown) => {
      this.connected = null;
      throw err;
    });
    return this.connected;
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, TopicMessages>();
    for (const r of records) {
      let t = byTopic.get(r.topic);
      if (!t) byTopic.set(r.topic, (t = { topic: r.topic, messages: [] }));
      t.messages.push({ key: r.key, value: r.value, headers: r.headers });
    }
    await this.sendMessages([...byTopic.values()]);
  }

  /** As `send`, for callers that already hold kafkajs messages (binary keys or values). */
  async sendMessages(topicMessages: TopicMessages[]): Promise<void> {
    await this.connect();
    let pending = topicMessages;
    while (pending.length > 0) {
      const acked = await this.producer.sendBatch({
        topicMessages: pending,
        acks: -1,
        compression: CompressionTypes.None,
      });
      pending = unacknowledged(pending, acked, (m) => this.partitionOf.get(m));
      for (const t of pending) this.resent += t.messages.length;
    }
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    await this.producer.disconnect();
    this.connected = null;
  }
}
