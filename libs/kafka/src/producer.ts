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
 * Protocol errors after which kafkajs' idempotent producer never recovers by itself: its sequence
 * numbers no longer match the broker's (e.g. a partition's share of a batch sent to a broker that was
 * killed mid-send counted as sent) or the broker forgot the producer id. Every later send to that
 * partition fails with the same error until the process restarts (kafkajs issue #598); a new producer
 * (a new producer id, sequences from 0) is the way out.
 */
const FATAL_SEQUENCE_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);

/** Whether `err` (or an error it wraps) is one of `FATAL_SEQUENCE_ERRORS`. */
export function isFatalSequenceError(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { type, originalError, cause } = e as { type?: unknown; originalError?: unknown; cause?: unknown };
    if (typeof type === 'string' && FATAL_SEQUENCE_ERRORS.has(type)) return true;
    e = originalError ?? cause;
  }
  return false;
}

/** How many times one send replaces a producer stuck on a sequence error before it gives up. */
const MAX_PRODUCER_RENEWALS = 3;

/**
 * The one producer of a process: idempotent (no duplicates from its own retries), acks from all
 * in-sync replicas, and one request in flight, which kafkajs needs for idempotence. A send
 * resolves only once every record's partition acknowledged it (see `unacknowledged`). A producer
 * stuck on a sequence error (see `isFatalSequenceError`) is replaced by a new one and the send
 * repeated: the records it had may have been written once already, which consumers absorb (every
 * event carries its id and every consumer claims ids).
 */
export class EventProducer {
  private producer: Producer;
  private connected: Promise<void> | null = null;
  /** Each message's partition, fixed at its first assignment so that retries cannot move it. */
  private readonly partitionOf = new WeakMap<Message, number>();
  /** Records sent again because a send resolved without their partition's acknowledgement. */
  resent = 0;
  /** Producers replaced because they were stuck on a sequence error. */
  renewals = 0;

  constructor(private readonly kafka: Kafka) {
    this.producer = this.create();
  }

  private create(): Producer {
    const pinned = this.partitionOf;
    return this.kafka.producer({
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

  /** Replaces `stuck` by a new producer, unless a concurrent send already did. */
  private async renew(stuck: Producer): Promise<void> {
    if (this.producer !== stuck) return;
    this.producer = this.create();
    this.connected = null;
    this.renewals++;
    await stuck.disconnect().catch(() => undefined);
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
    let pending = topicMessages;
    let renewals = 0;
    while (pending.length > 0) {
      await this.connect();
      const producer = this.producer;
      let acked: RecordMetadata[];
      try {
        acked = await producer.sendBatch({
          topicMessages: pending,
          acks: -1,
          compression: CompressionTypes.None,
        });
      } catch (err) {
        if (!isFatalSequenceError(err) || renewals >= MAX_PRODUCER_RENEWALS) throw err;
        renewals++;
        await this.renew(producer);
        continue;
      }
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
