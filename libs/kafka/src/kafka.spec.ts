import { createRequire } from 'node:module';
import { Topic } from '@continuum/contracts';
import { deadLetterRecord, DLT_HEADERS } from './dead-letter';
import type { InboundRecord } from './records';
import { chunksBySize } from './outbox-relay';
import { isTransient } from './transient';
import { patchKafkajsEncoder, unpatchKafkajsEncoder } from './kafkajs-encoder';

const record: InboundRecord = {
  topic: Topic.FeedbackRaw,
  partition: 2,
  offset: '41',
  timestamp: '1700000000000',
  key: 'acme:c-1',
  value: '{"nps":11}',
  headers: { 'x-origin': 'ivr' },
};

describe('deadLetterRecord', () => {
  it('keeps the original key, value and headers and adds the reason and origin', () => {
    const sut = deadLetterRecord(
      { record, reason: 'nps: too big', code: 'validation' },
      'continuum-listen',
      new Date(0),
    );
    expect(sut).toEqual({
      topic: Topic.DeadLetter,
      key: 'acme:c-1',
      value: '{"nps":11}',
      headers: {
        'x-origin': 'ivr',
        [DLT_HEADERS.originalTopic]: Topic.FeedbackRaw,
        [DLT_HEADERS.originalPartition]: '2',
        [DLT_HEADERS.originalOffset]: '41',
        [DLT_HEADERS.originalTimestamp]: '1700000000000',
        [DLT_HEADERS.consumerGroup]: 'continuum-listen',
        [DLT_HEADERS.reason]: 'nps: too big',
        [DLT_HEADERS.code]: 'validation',
        [DLT_HEADERS.failedAt]: '1970-01-01T00:00:00.000Z',
      },
    });
  });

  it('bounds the reason', () => {
    const sut = deadLetterRecord({ record, reason: 'x'.repeat(10_000), code: 'processing' }, 'g');
    expect(sut.headers[DLT_HEADERS.reason]).toHaveLength(4000);
  });
});

describe('isTransient', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), true],
    [
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      true,
    ],
    [{ name: 'QueryFailedError', message: 'x', driverError: { code: '08006' } }, true],
    [Object.assign(new Error('could not serialize access'), { code: '40001' }), true],
    [new Error('Connection terminated unexpectedly'), true],
    [{ name: 'KafkaJSConnectionError', message: 'Connection error' }, true],
    [Object.assign(new Error('duplicate key value'), { code: '23505' }), false],
    [new TypeError("Cannot read properties of undefined (reading 'nps')"), false],
    ['a string', false],
  ])('%s → %s', (err, expected) => {
    expect(isTransient(err)).toBe(expected);
  });
});

describe('chunksBySize', () => {
  const row = (id: number, size: number) => ({
    id: String(id),
    topic: 't',
    key: 'k',
    headers: {},
    value: 'x'.repeat(size),
  });

  it('keeps order and bounds each chunk, a single oversized row alone', () => {
    const rows = [row(1, 300), row(2, 300), row(3, 300), row(4, 2000), row(5, 10)];
    const sut = chunksBySize(rows, 800);
    expect(sut.map((c) => c.map((r) => r.id))).toEqual([['1', '2'], ['3'], ['4'], ['5']]);
  });
});

describe('the kafkajs encoder patch', () => {
  // kafkajs internals, loaded the way the patch loads them.
  const load = createRequire(__filename);
  const Record = load('kafkajs/src/protocol/recordBatch/record/v0') as (r: object) => {
    buffer: Buffer;
  };
  const { RecordBatch } = load('kafkajs/src/protocol/recordBatch/v0') as {
    RecordBatch: (b: object) => Promise<{ buffer: Buffer }>;
  };

  const records = Array.from({ length: 40 }, (_, i) => ({
    offsetDelta: i,
    timestampDelta: i * 3,
    key: `acme:tp-${i}`,
    // Values and headers on both sides of the patch's starting size and of the original 512 bytes.
    value: JSON.stringify({ i, comment: 'è'.repeat(i * 17) }),
    headers: {
      ce_id: `id-${i}`,
      ce_type: 'cx.feedback.recorded.v1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      long: 'x'.repeat(i * 13),
    },
  }));

  async function encodeAll(): Promise<Buffer[]> {
    const out = records.map((r) => Buffer.from(Record(r).buffer));
    const batch = await RecordBatch({
      firstTimestamp: 1700000000000,
      maxTimestamp: 1700000000099,
      lastOffsetDelta: records.length - 1,
      records: records.map((r) => Record(r)),
    });
    out.push(Buffer.from(batch.buffer));
    return out;
  }

  afterAll(() => patchKafkajsEncoder());

  it('is applied, and encodes records and batches byte for byte as kafkajs does', async () => {
    expect(patchKafkajsEncoder()).toBe(true);
    const patched = await encodeAll();
    unpatchKafkajsEncoder();
    const original = await encodeAll();
    expect(patched).toHaveLength(records.length + 1);
    patched.forEach((b, i) => expect(b.equals(original[i])).toBe(true));
    // The batch decodes back to the records it was made of.
    const decode = load('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<{
      records: { key: Buffer; value: Buffer; headers: Record<string, Buffer> }[];
    }>;
    const Decoder = load('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;
    const decoded = await decode(new Decoder(patched[patched.length - 1]));
    expect(decoded.records.map((r) => r.value.toString())).toEqual(records.map((r) => r.value));
    expect(decoded.records[39].headers.long.toString()).toBe('x'.repeat(39 * 13));
  });
});
