/**
 * Publishes a service's outbox. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so several
 * instances relay side by side without publishing a row twice; a row is deleted only after the
 * broker acknowledged it, in the same transaction that locked it. A crash between the ack and the
 * commit republishes the rows (at-least-once): consumers deduplicate by event id.
 * Woken by `pg_notify` on commit, with a polling fallback for missed notifications. A broker that
 * is unreachable does not stop the relay from starting: it keeps the rows and retries.
 */
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { outboxChannel } from '@continuum/persistence';
import type { TransportMetrics } from './metrics';
import type { EventProducer } from './producer';
import { describeError } from './transient';

export interface OutboxRelayOptions {
  readonly schema: string;
  readonly databaseUrl: string;
  readonly batchSize?: number;
  readonly pollMs?: number;
  readonly log?: (level: 'warn' | 'error', msg: string) => void;
  readonly metrics?: TransportMetrics;
}

/** Well under the broker's default message.max.bytes, whatever the partitioning of a chunk. */
export const MAX_SEND_BYTES = 512 * 1024;

type Sized = Pick<OutboxRow, 'key' | 'headers' | 'value'>;

function rowBytes(r: Sized): number {
  let n = r.value.length + (r.key?.length ?? 0) + 64;
  for (const [k, v] of Object.entries(r.headers)) n += k.length + v.length + 8;
  return n;
}

/** Splits rows, in order, into chunks of at most `maxBytes` (a larger row goes alone). */
export function chunksBySize<T extends Sized>(rows: readonly T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const r of rows) {
    const b = rowBytes(r);
    if (current.length > 0 && size + b > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(r);
    size += b;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  headers: Record<string, string>;
  value: string;
}

export class OutboxRelay {
  private listener: Client | null = null;
  private stopped = true;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private pending = false;
  private lastError: string | null = null;
  private published = 0;
  private stopSignal: Promise<void> = Promise.resolve();
  private signalStop: () => void = () => undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly producer: EventProducer,
    private readonly o: OutboxRelayOptions,
  ) {}

  get publishedCount(): number {
    return this.published;
  }

  get healthy(): boolean {
    return !this.stopped && this.lastError === null;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.stopSignal = new Promise((resolve) => (this.signalStop = resolve));
    await this.listen();
    this.loop = this.run();
  }

  private async listen(): Promise<void> {
    try {
      const c = new Client({ connectionString: this.o.databaseUrl });
      c.on('notification', () => this.poke());
      c.on('error', () => {
        // The polling fallback keeps publishing; a new listener is made on the next round.
        this.listener = null;
      });
      await c.connect();
      await c.query(`LISTEN "${outboxChannel(this.o.schema)}"`);
      this.listener = c;
    } catch (err) {
      this.listener = null;
      this.o.log?.('warn', `outbox listener unavailable, polling: ${describeError(err)}`);
    }
  }

  private poke(): void {
    this.pending = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const pollMs = this.o.pollMs ?? 500;
    while (!this.stopped) {
      this.pending = false;
      let full = false;
      try {
        // Connect outside the row locks; a stop does not wait for a connect to give up.
        await Promise.race([this.producer.connect(), this.stopSignal]);
        if (this.stopped) break;
        full = (await this.publishOnce()) === (this.o.batchSize ?? 1000);
        this.lastError = null;
      } catch (err) {
        this.o.metrics?.outboxFailures.inc();
        const msg = describeError(err);
        if (msg !== this.lastError) this.o.log?.('warn', `outbox relay: ${msg}`);
        this.lastError = msg;
      }
      if (full || this.pending || this.stopped) continue;
      if (!this.listener) await this.listen();
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.lastError ? Math.max(pollMs, 1000) : pollMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Publishes one batch; returns how many rows it published. */
  async publishOnce(): Promise<number> {
    const limit = this.o.batchSize ?? 1000;
    return this.ds.transaction(async (m) => {
      const rows: OutboxRow[] = await m.query(
        `SELECT id, topic, key, headers, value FROM "${this.o.schema}".outbox
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      // A produce request must stay under the broker's message.max.bytes (1 MiB by default) per
      // partition batch: send in chunks of bounded size, in outbox order.
      for (const chunk of chunksBySize(rows, MAX_SEND_BYTES)) {
        await this.producer.send(
          chunk.map((r) => ({ topic: r.topic, key: r.key, headers: r.headers, value: r.value })),
        );
      }
      await m.query(`DELETE FROM "${this.o.schema}".outbox WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      this.published += rows.length;
      if (this.o.metrics) {
        const byTopic = new Map<string, number>();
        for (const r of rows) byTopic.set(r.topic, (byTopic.get(r.topic) ?? 0) + 1);
        for (const [topic, n] of byTopic) this.o.metrics.outboxPublished.inc({ topic }, n);
      }
      return rows.length;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.signalStop();
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }
}
