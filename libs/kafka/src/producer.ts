import { CompressionTypes, Partitioners, type Kafka, type Producer, type TopicMessages } from 'kafkajs';

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly headers: Record<string, string>;
  readonly value: string;
}

/**
 * The one producer of a process: idempotent (no duplicates from its own retries), acks from all
 * in-sync replicas, and one request in flight, which kafkajs needs for idempotence.
 */
export class EventProducer {
  private readonly producer: Producer;
  private connected: Promise<void> | null = null;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Murmur2 keyed partitioning, as the Java client: a key lands where other clients put it.
      createPartitioner: Partitioners.DefaultPartitioner,
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
    await this.connect();
    const byTopic = new Map<string, TopicMessages>();
    for (const r of records) {
      let t = byTopic.get(r.topic);
      if (!t) byTopic.set(r.topic, (t = { topic: r.topic, messages: [] }));
      t.messages.push({ key: r.key, value: r.value, headers: r.headers });
    }
    await this.producer.sendBatch({
      topicMessages: [...byTopic.values()],
      acks: -1,
      compression: CompressionTypes.None,
    });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    await this.producer.disconnect();
    this.connected = null;
  }
}
