/**
 * `continuum tail <topic> [--from-beginning] [--tenant <id>] [--max <n>] [--group <id>]`: prints
 * one readable line per record: time, partition/offset, key, the CloudEvents type and id, the
 * tenant, and a compact summary of the payload; dead letters show their reason code and message
 * and the original topic/partition/offset. Reads with a random consumer group by default and never
 * commits offsets, so it cannot move a real group. Stops after `--max` records, or on Ctrl-C.
 */
import { randomUUID } from 'node:crypto';
import { DLT_HEADERS, Topic } from '@continuum/contracts';
import { createKafka, toInboundRecord, type InboundRecord } from '@continuum/kafka';
import { BaseServiceConfig, kafkaConnection, loadConfig } from '@continuum/platform';
import { parseArgs, positiveInt } from './args';

const SUMMARY_CHARS = 160;

function parsed(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The record's tenant: the CloudEvents extension, else the raw payload's `tenantId`. */
export function tenantOf(r: Pick<InboundRecord, 'headers' | 'value'>): string | null {
  if (r.headers.ce_tenantid) return r.headers.ce_tenantid;
  const p = parsed(r.value);
  if (p && typeof p === 'object' && typeof (p as { tenantId?: unknown }).tenantId === 'string')
    return (p as { tenantId: string }).tenantId;
  return null;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Top-level fields, scalars first, `k=v` each, short; nested values as `{…}` / `[n]`. */
export function summarise(value: string | null): string {
  const p = parsed(value);
  if (p === null) return '(no value)';
  if (typeof p !== 'object') return clip(JSON.stringify(p), SUMMARY_CHARS);
  const parts = Object.entries(p as Record<string, unknown>)
    .filter(([k, v]) => k !== 'tenantId' && v !== null && v !== undefined)
    .map(([k, v]) => {
      if (Array.isArray(v)) return `${k}=[${v.length}]`;
      if (typeof v === 'string') return `${k}=${JSON.stringify(clip(v, 40))}`;
      if (typeof v === 'number' || typeof v === 'boolean') return `${k}=${v}`;
      return `${k}={…}`;
    });
  return clip(parts.join(' '), SUMMARY_CHARS);
}

export function formatRecord(r: InboundRecord): string {
  const time = new Date(Number(r.timestamp)).toISOString();
  const h = r.headers;
  const ce = h.ce_type ? `${h.ce_type} ${h.ce_id ?? '?'}` : 'no-cloudevent';
  const head = `${time} ${r.topic} ${r.partition}/${r.offset} key=${r.key ?? '-'} ${ce} tenant=${tenantOf(r) ?? '-'}`;
  if (h[DLT_HEADERS.originalTopic] !== undefined) {
    const origin = `${h[DLT_HEADERS.originalTopic]} ${h[DLT_HEADERS.originalPartition] ?? '?'}/${h[DLT_HEADERS.originalOffset] ?? '?'}`;
    const reason = clip(h[DLT_HEADERS.reason] ?? '', 120);
    return `${head} DEAD-LETTER ${h[DLT_HEADERS.code] ?? '?'} from ${origin}: ${reason} | ${summarise(r.value)}`;
  }
  return `${head} | ${summarise(r.value)}`;
}

export async function tail(argv: readonly string[], usage: string): Promise<number> {
  const fail = (why: string) => {
    process.stderr.write(`continuum tail: ${why}\n${usage}\n`);
    return 2;
  };
  const a = parseArgs(argv, ['tenant', 'max', 'group'], ['from-beginning']);
  if (typeof a === 'string') return fail(a);
  if (a.positional.length !== 1) return fail('name one topic');
  const max = positiveInt(a.flags.get('max'), 'max');
  if (typeof max === 'string') return fail(max);
  const topic = a.positional[0];
  const known = Object.values(Topic) as string[];
  if (!known.includes(topic))
    process.stderr.write(
      `continuum tail: ${topic} is not in the catalogue (${known.join(', ')}); tailing it anyway\n`,
    );
  const tenant = a.flags.get('tenant');
  const groupId = a.flags.get('group') ?? `continuum-tail-${randomUUID()}`;
  const cfg = loadConfig(BaseServiceConfig);
  const kafka = createKafka(kafkaConnection(cfg, 'continuum-tail'));
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  let printed = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  process.once('SIGINT', () => finish());
  process.once('SIGTERM', () => finish());
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: a.switches.has('from-beginning') });
    consumer.on(consumer.events.GROUP_JOIN, () =>
      process.stderr.write(`continuum tail: reading ${topic} as group ${groupId}\n`),
    );
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic: t, partition, message }) => {
        if (max !== undefined && printed >= max) return;
        const r = toInboundRecord(t, partition, message);
        if (tenant !== undefined && tenantOf(r) !== tenant) return;
        process.stdout.write(`${formatRecord(r)}\n`);
        printed += 1;
        if (max !== undefined && printed >= max) finish();
      },
    });
    await finished;
  } finally {
    await consumer.disconnect();
  }
  return 0;
}
