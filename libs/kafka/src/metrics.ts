/**
 * Prometheus metrics of the Kafka transport: what the batch consumers and the outbox relay did.
 * One instance per process registry (platform exposes it on `GET /metrics`). Labels are topics,
 * partitions and reason codes only: never tenants or ids, which would explode cardinality.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export class TransportMetrics {
  /** Records a handler accepted (committed and not dead-lettered). */
  readonly processed: Counter<'topic'>;
  /** Records sent to the dead-letter topic, by the topic they came from and the reason code. */
  readonly deadLettered: Counter<'topic' | 'code'>;
  /** Handler calls that threw, transient (retried without bound) or not (split, then dead-lettered). */
  readonly failures: Counter<'topic' | 'kind'>;
  /** Duration of one handler call on a batch chunk, retries included, until its offsets are committed. */
  readonly batchDuration: Histogram<'topic'>;
  /** Per record, from the record's timestamp to its commit: end-to-end delay through this consumer. */
  readonly recordAge: Histogram<'topic'>;
  /** high watermark − next offset to read, after each committed chunk. */
  readonly lag: Gauge<'topic' | 'partition'>;
  /** Outbox rows the relay published (broker-acknowledged). */
  readonly outboxPublished: Counter<'topic'>;
  readonly outboxFailures: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.processed = new Counter({
      name: 'continuum_consumer_records_processed_total',
      help: 'Records a batch handler accepted, by topic.',
      labelNames: ['topic'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'continuum_consumer_records_dead_lettered_total',
      help: 'Records sent to cx.deadletter.v1, by original topic and reason code.',
      labelNames: ['topic', 'code'],
      registers,
    });
    this.failures = new Counter({
      name: 'continuum_consumer_handler_failures_total',
      help: 'Batch handler calls that threw, by topic and kind (transient: retried; poison: isolated).',
      labelNames: ['topic', 'kind'],
      registers,
    });
    this.batchDuration = new Histogram({
      name: 'continuum_consumer_batch_duration_seconds',
      help: 'Duration of one batch handler call (chunks of one or more partitions of a topic), retries included.',
      labelNames: ['topic'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.recordAge = new Histogram({
      name: 'continuum_consumer_record_age_seconds',
      help: 'Per record: commit time minus the record timestamp.',
      labelNames: ['topic'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    this.lag = new Gauge({
      name: 'continuum_consumer_lag',
      help: 'Records not yet consumed by this process, per assigned partition (high watermark minus next offset).',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.outboxPublished = new Counter({
      name: 'continuum_outbox_published_total',
      help: 'Outbox records the relay published, by topic.',
      labelNames: ['topic'],
      registers,
    });
    this.outboxFailures = new Counter({
      name: 'continuum_outbox_relay_failures_total',
      help: 'Relay rounds that failed (broker or database unavailable); the rows stay and are retried.',
      registers,
    });
  }
}
