/**
 * `continuum dlq replay [--topic <original topic>] [--reason <code>] [--tenant <id>] [--since <ISO time>] [--dry-run] [--max <n>] [--group <id>]`:
 * after the cause of dead letters is fixed (a tenant created, a consumer corrected), sends each
 * matching record of `cx.deadletter.v1` back to its original topic with its original key, value
 * and headers, minus the `dlt-*` ones, plus `dlt-replayed-from: <partition>/<offset>`. Reads as
 * the fixed consumer group `continuum-dlq-replay` and commits after each batch is sent, so a
 * record is replayed once however often the command runs; it stops when it reaches the end
 * offsets the topic had when it started. The group's cursor moves past records a filter skips too:
 * they stay on the topic, counted in the summary (replay them with another `--group`).
 * `--since` starts at the first dead letter written at or after that time (the topic keeps 90
 * days of them, fuzzed megabyte records included: scanning all of it to find today's is slow).
 * Dead letters hold a redacted copy; the original key and value come from the sealed header,
 * opened with `DLQ_REPLAY_PRIVATE_KEY` (the private half of the services' `DLQ_SEAL_PUBLIC_KEY`).
 * A redacted dead letter without a sealed original, or without that key, is never replayed: the
 * copy is not what the sender sent.
 */
import { IsOptional, Matches } from 'class-validator';
import type { Admin, Consumer, IHeaders, KafkaMessage } from 'kafkajs';
import { DLT_HEADERS, Topic } from '@continuum/contracts';
import { createKafka, EventProducer, headersToStrings, openSealed, toInboundRecord } from '@continuum/kafka';
import { BaseServiceConfig, kafkaConnection, loadConfig } from '@continuum/platform';
import { parseArgs, positiveInt } from './args';
import { formatRecord, tenantOf } from './tail';

export const REPLAY_GROUP = 'continuum-dlq-replay';
export const REPLAYED_FROM_HEADER = 'dlt-replayed-from';

class ReplayConfig extends BaseServiceConfig {
  /** The private key (PEM) that opens the originals the services sealed. */
  @IsOptional()
  @Matches(/-----BEGIN PRIVATE KEY-----/, { message: 'DLQ_REPLAY_PRIVATE_KEY must be a PEM private key' })
  DLQ_REPLAY_PRIVATE_KEY?: string;
}

interface Options {
  readonly topic?: string;
  readonly reason?: string;
  readonly tenant?: string;
  readonly dryRun: boolean;
  readonly max?: number;
  readonly groupId: string;
  /** Epoch ms: dead letters written before it are left alone. */
  readonly since?: number;
  /** Opens sealed originals; without it, redacted dead letters are unreplayable. */
  readonly privateKey?: string;
}

export interface ReplaySummary {
  replayed: number;
  skippedByFilter: number;
  /**
   * Dead letters without a `dlt-original-topic` header (nowhere to send them), or redacted without
   * an original this replay can open (nothing true to send).
   */
  unreplayable: number;
}

/** The record to send back, or why not. */
export function replayRecord(
  m: Pick<KafkaMessage, 'key' | 'value' | 'headers'>,
  partition: number,
  offset: string,
  o: Pick<Options, 'topic' | 'reason' | 'tenant' | 'privateKey'>,
):
  | { skip: 'filter' | 'unreplayable' }
  | { topic: string; key: Buffer | null; value: Buffer | null; headers: IHeaders } {
  const h = headersToStrings(m.headers);
  const original = h[DLT_HEADERS.originalTopic];
  if (!original) return { skip: 'unreplayable' };
  if (o.topic !== undefined && original !== o.topic) return { skip: 'filter' };
  if (o.reason !== undefined && h[DLT_HEADERS.code] !== o.reason) return { skip: 'filter' };
  if (
    o.tenant !== undefined &&
    tenantOf({ headers: h, value: m.value?.toString('utf8') ?? null }) !== o.tenant
  )
    return { skip: 'filter' };
  let key = m.key;
  let value = m.value;
  const sealed = h[DLT_HEADERS.sealedOriginal];
  if (sealed !== undefined) {
    if (!o.privateKey) return { skip: 'unreplayable' };
    let opened: { key: string | null; value: string | null };
    try {
      opened = openSealed(o.privateKey, sealed);
    } catch {
      return { skip: 'unreplayable' };
    }
    key = opened.key === null ? null : Buffer.from(opened.key, 'utf8');
    value = opened.value === null ? null : Buffer.from(opened.value, 'utf8');
  } else if (h[DLT_HEADERS.redacted] === 'true') {
    return { skip: 'unreplayable' };
  }
  const headers: IHeaders = {};
  for (const [k, v] of Object.entries(m.headers ?? {}))
    if (!k.startsWith('dlt-') && v !== undefined) headers[k] = v;
  headers[REPLAYED_FROM_HEADER] = `${partition}/${offset}`;
  return { topic: original, key, value, headers };
}

/**
 * Partition → where to start (past the group's cursor and `since`) and the offset to stop before
 * (the end when the replay started), for the partitions where work remains.
 */
async function pendingRanges(
  admin: Admin,
  groupId: string,
  since: number | undefined,
): Promise<Map<number, { start: bigint; end: bigint }>> {
  const ends = await admin.fetchTopicOffsets(Topic.DeadLetter);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [Topic.DeadLetter] });
  const done = new Map(committed?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
  // For a time past the last record the broker answers -1 (or the end): nothing to do there.
  const fromTime = new Map(
    since === undefined
      ? []
      : (await admin.fetchTopicOffsetsByTimestamp(Topic.DeadLetter, since)).map((p) => [
          p.partition,
          BigInt(p.offset) < 0n ? null : BigInt(p.offset),
        ]),
  );
  const pending = new Map<number, { start: bigint; end: bigint }>();
  for (const e of ends) {
    const end = BigInt(e.high);
    const byTime = fromTime.has(e.partition) ? (fromTime.get(e.partition) ?? end) : -1n;
    const start = [BigInt(e.low), done.get(e.partition) ?? -1n, byTime].reduce((x, y) => (x > y ? x : y));
    if (start < end) pending.set(e.partition, { start, end });
  }
  return pending;
}

async function replay(o: Options): Promise<ReplaySummary> {
  const cfg = loadConfig(ReplayConfig);
  const kafka = createKafka(kafkaConnection(cfg, 'continuum-dlq-replay'));
  const summary: ReplaySummary = { replayed: 0, skippedByFilter: 0, unreplayable: 0 };
  const admin = kafka.admin();
  await admin.connect();
  let pending: Map<number, { start: bigint; end: bigint }>;
  try {
    pending = await pendingRanges(admin, o.groupId, o.since);
  } finally {
    await admin.disconnect();
  }
  if (pending.size === 0) return summary;
  // The platform's producer: a broker dying mid-send cannot drop records (see EventProducer).
  const producer = new EventProducer(kafka);
  const consumer: Consumer = kafka.consumer({ groupId: o.groupId, allowAutoTopicCreation: false });
  let finish!: (err?: Error) => void;
  const finished = new Promise<void>(
    (resolve, reject) => (finish = (err) => (err ? reject(err) : resolve())),
  );
  const limitReached = () => o.max !== undefined && summary.replayed >= o.max;
  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: Topic.DeadLetter, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, heartbeat }) => {
        const range = pending.get(batch.partition);
        if (range === undefined) return;
        const { start, end } = range;
        const out: {
          topic: string;
          messages: { key: Buffer | null; value: Buffer | null; headers: IHeaders }[];
        }[] = [];
        let next: bigint | null = null;
        let stopped = false;
        for (const m of batch.messages) {
          // A fetch issued before the seek below took effect.
          if (BigInt(m.offset) < start) continue;
          if (BigInt(m.offset) >= end || limitReached()) {
            stopped = true;
            break;
          }
          const r = replayRecord(m, batch.partition, m.offset, o);
          if ('skip' in r) {
            if (r.skip === 'filter') summary.skippedByFilter += 1;
            else summary.unreplayable += 1;
          } else {
            out.push({ topic: r.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] });
            summary.replayed += 1;
            const line = formatRecord(toInboundRecord(batch.topic, batch.partition, m));
            process.stdout.write(`${o.dryRun ? 'would replay' : 'replay'} → ${r.topic}: ${line}\n`);
          }
          next = BigInt(m.offset) + 1n;
        }
        if (next !== null && !o.dryRun) {
          // Sent (acks from all in-sync replicas) before the cursor moves: at least once, never lost.
          if (out.length) await producer.sendMessages(out);
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: String(next) },
          ]);
        }
        await heartbeat();
        // Done with the partition at the end offset of the start (offsets may skip: compaction).
        const through = stopped ? next : BigInt(batch.lastOffset()) + 1n;
        if ((through !== null && through >= end) || BigInt(batch.messages[0]?.offset ?? '0') >= end)
          pending.delete(batch.partition);
        if (pending.size === 0 || limitReached()) finish();
      },
    });
    consumer.on(consumer.events.CRASH, (e) => finish(e.payload.error));
    for (const [partition, { start }] of pending)
      consumer.seek({ topic: Topic.DeadLetter, partition, offset: start.toString() });
    await finished;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return summary;
}

export async function dlqReplay(argv: readonly string[], usage: string): Promise<number> {
  const fail = (why: string) => {
    process.stderr.write(`continuum dlq replay: ${why}\n${usage}\n`);
    return 2;
  };
  const a = parseArgs(argv, ['topic', 'reason', 'tenant', 'max', 'group', 'since'], ['dry-run']);
  if (typeof a === 'string') return fail(a);
  if (a.positional.length) return fail(`unexpected ${a.positional.join(' ')}`);
  const max = positiveInt(a.flags.get('max'), 'max');
  if (typeof max === 'string') return fail(max);
  const sinceText = a.flags.get('since');
  const since = sinceText === undefined ? undefined : Date.parse(sinceText);
  if (since !== undefined && Number.isNaN(since))
    return fail(`--since must be an ISO 8601 time, e.g. 2026-11-29T09:00:00Z`);
  const o: Options = {
    since,
    topic: a.flags.get('topic'),
    reason: a.flags.get('reason'),
    tenant: a.flags.get('tenant'),
    dryRun: a.switches.has('dry-run'),
    max,
    groupId: a.flags.get('group') ?? REPLAY_GROUP,
    privateKey: loadConfig(ReplayConfig).DLQ_REPLAY_PRIVATE_KEY,
  };
  const s = await replay(o);
  const filter = [
    o.topic && `topic ${o.topic}`,
    o.reason && `reason ${o.reason}`,
    o.tenant && `tenant ${o.tenant}`,
  ]
    .filter(Boolean)
    .join(', ');
  process.stdout.write(
    `${o.dryRun ? 'dry run: would replay' : 'replayed'} ${s.replayed}, skipped by filter ${s.skippedByFilter}${filter ? ` (${filter})` : ''}, without an original topic ${s.unreplayable}${o.privateKey ? '' : ' (DLQ_REPLAY_PRIVATE_KEY unset: sealed originals cannot be opened)'}\n`,
  );
  return 0;
}
