/**
 * Call gathering for the batch transport: the partitions' chunks of one fetch that reach it in
 * the same turn of the event loop are merged into one handler call of at most `maxRecordsPerCall`
 * records, and at most `maxCallsPerTopic` calls of a topic run at once.
 */
import type { EachBatchPayload } from 'kafkajs';
import type { InboundRecord, Rejection } from './records';

/** A partition's chunk in a handler call: its records and the batch it came from. */
export interface Chunk {
  readonly p: EachBatchPayload;
  readonly records: readonly InboundRecord[];
}

/** Chunks of one topic's partitions gathered for one handler call, run once started. */
class Gathering {
  readonly chunks: Chunk[] = [];
  size = 0;
  /** The rejected records of the whole call, once it ran and its offsets were committed. */
  readonly done: Promise<Rejection[]>;
  private open: () => void = () => undefined;

  constructor(run: (g: Gathering) => Promise<Rejection[]>) {
    this.done = new Promise<void>((resolve) => (this.open = resolve)).then(() => run(this));
  }

  start(): void {
    this.open();
  }
}

/** One topic's calls: the one taking chunks, those waiting to run, and how many run. */
interface TopicCalls {
  open: Gathering | null;
  readonly waiting: Gathering[];
  running: number;
}

/** The partition a call's records share, or -1 when they come from several. */
export function partitionOf(records: readonly InboundRecord[]): number {
  const p = records[0]?.partition ?? -1;
  return records.every((r) => r.partition === p) ? p : -1;
}

export class CallGatherer {
  private readonly calls = new Map<string, TopicCalls>();

  constructor(
    private readonly limits: { readonly maxRecordsPerCall: number; readonly maxCallsPerTopic: number },
    /** One handler call for the gathered chunks, done once its offsets are committed. */
    private readonly run: (topic: string, chunks: readonly Chunk[]) => Promise<Rejection[]>,
  ) {}

  /**
   * Adds a partition's chunk to the topic's call being gathered (or starts one, queued at the next
   * turn of the event loop, after the other partitions' batches of the same fetch joined, and run
   * once fewer than `maxCallsPerTopic` calls of the topic are running); resolves, once the call
   * is done and committed, to how many of this chunk's records were rejected. A partition has at
   * most one chunk in a call: kafkajs hands over its next batch only after this one is done.
   */
  async join(topic: string, chunk: Chunk): Promise<number> {
    let t = this.calls.get(topic);
    if (!t) this.calls.set(topic, (t = { open: null, waiting: [], running: 0 }));
    const calls = t;
    // A full call runs as it is; this chunk starts the next one.
    if (calls.open && calls.open.size + chunk.records.length > this.limits.maxRecordsPerCall) {
      calls.open = null;
    }
    let g = calls.open;
    if (!g) {
      const next = new Gathering((gathered) =>
        this.run(topic, gathered.chunks).finally(() => {
          calls.running -= 1;
          this.admit(calls);
        }),
      );
      calls.open = g = next;
      setImmediate(() => {
        calls.waiting.push(next);
        this.admit(calls);
      });
    }
    g.chunks.push(chunk);
    g.size += chunk.records.length;
    const partition = chunk.p.batch.partition;
    return (await g.done).filter((r) => r.record.partition === partition).length;
  }

  /** Starts a topic's waiting calls while fewer than `maxCallsPerTopic` run; a started one takes no more chunks. */
  private admit(calls: TopicCalls): void {
    while (calls.waiting.length > 0 && calls.running < this.limits.maxCallsPerTopic) {
      const g = calls.waiting.shift()!;
      if (calls.open === g) calls.open = null;
      calls.running += 1;
      g.start();
    }
  }
}
