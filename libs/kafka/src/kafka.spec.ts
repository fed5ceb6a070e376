import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { Topic } from '@continuum/contracts';
import { deadLetterRecord, DLT_HEADERS } from './dead-letter';
import { openSealed, sealOriginal } from './dead-letter-seal';
import type { InboundRecord } from './records';
import { chunksBySize } from './outbox-relay';
import { isTransient } from './transient';
import {
  decodeRecord,
  encodeRecord,
  originalRecordDecoder,
  originalRecordEncoder,
  installKafkajsEncoder,
  recordDecoderPatched,
  recordEncoderPatched,
  uninstallKafkajsEncoder,
} from './kafkajs-encoder';

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
        [DLT_HEADERS.redacted]: 'true',
      },
    });
  });

  describe('personal data (issue 20 item 8)', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const withPii: InboundRecord = {
      ...record,
      key: 'acme:mario.rossi@gmail.com',
      value: JSON.stringify({ id: 'f-9', nps: 11, segment: { phone: '+39 333 1234567' } }),
    };

    it('keeps a redacted copy in clear and the original only sealed for the replay key', () => {
      const sut = deadLetterRecord(
        { record: withPii, reason: 'segment.phone looks like personal data (phone)', code: 'validation' },
        'g',
        new Date(0),
        publicKey,
      );
      expect(sut.key).toBe('acme:[EMAIL]');
      expect(sut.value).toBe('{"id":"f-9","nps":11,"segment":{"phone":"[PHONE]"}}');
      const everything = JSON.stringify(sut);
      expect(everything).not.toContain('333 1234567');
      expect(everything).not.toContain('mario.rossi');
      expect(openSealed(privateKey, sut.headers[DLT_HEADERS.sealedOriginal])).toEqual({
        key: withPii.key,
        value: withPii.value,
      });
    });

    it('keeps no original too large to publish sealed, and says so in the reason', () => {
      const big: InboundRecord = { ...record, value: JSON.stringify({ comment: 'x'.repeat(700 * 1024) }) };
      const sut = deadLetterRecord(
        { record: big, reason: 'too long', code: 'validation' },
        'g',
        new Date(0),
        publicKey,
      );
      expect(sut.headers[DLT_HEADERS.sealedOriginal]).toBeUndefined();
      expect(sut.headers[DLT_HEADERS.reason]).toBe('too long (original too large to keep for replay)');
      const small = deadLetterRecord(
        { record: withPii, reason: 'x', code: 'validation' },
        'g',
        new Date(0),
        publicKey,
      );
      expect(small.headers[DLT_HEADERS.sealedOriginal]).toMatch(/^v1\./);
    });

    it('keeps no original without a seal key, and a seal opens only with its own key', () => {
      const sut = deadLetterRecord({ record: withPii, reason: 'x', code: 'validation' }, 'g');
      expect(sut.headers[DLT_HEADERS.sealedOriginal]).toBeUndefined();
      const other = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      const sealed = sealOriginal(other.publicKey, { key: 'k', value: 'v' });
      expect(() => openSealed(privateKey, sealed)).toThrow();
      expect(openSealed(other.privateKey, sealed)).toEqual({ key: 'k', value: 'v' });
      const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect(() => openSealed(other.privateKey, tampered)).toThrow();
    });

    it('cuts the redacted copy of a huge record', () => {
      const sut = deadLetterRecord(
        { record: { ...record, value: 'x'.repeat(200_000) }, reason: 'x', code: 'invalid-json' },
        'g',
      );
      expect(sut.value.length).toBeLessThan(70_000);
      expect(sut.value).toMatch(/…\[cut: \d+ more characters\]$/);
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
  type RecordFn = (r: object) => { buffer: Buffer };
  type EncoderClass = { prototype: { ensureAvailable: unknown } };
  // Importing the library left kafkajs as published: nothing is installed until asked for.
  const importedRecord = load('kafkajs/src/protocol/recordBatch/record/v0') as RecordFn;
  const importedEnsure = (load('kafkajs/src/protocol/encoder') as EncoderClass).prototype.ensureAvailable;
  const installedOnImport = recordEncoderPatched() || recordDecoderPatched();
  installKafkajsEncoder();
  // The producer's record encoder as it is now (installed) and kafkajs's own.
  const Record = load('kafkajs/src/protocol/recordBatch/record/v0') as RecordFn;
  const ownRecord = originalRecordEncoder() as RecordFn;
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

  async function encodeAll(record: RecordFn): Promise<Buffer[]> {
    const out = records.map((r) => Buffer.from(record(r).buffer));
    const batch = await RecordBatch({
      firstTimestamp: 1700000000000,
      maxTimestamp: 1700000000099,
      lastOffsetDelta: records.length - 1,
      records: records.map((r) => record(r)),
    });
    out.push(Buffer.from(batch.buffer));
    return out;
  }

  afterAll(() => uninstallKafkajsEncoder());

  it('is not installed by importing the library, only by installKafkajsEncoder()', () => {
    expect(installedOnImport).toBe(false);
    expect(importedRecord).toBe(ownRecord);
    expect(importedRecord).not.toBe(encodeRecord);
    expect(importedEnsure).not.toBe(
      (load('kafkajs/src/protocol/encoder') as EncoderClass).prototype.ensureAvailable,
    );
  });

  it('is applied, and encodes records and batches byte for byte as kafkajs does', async () => {
    expect(installKafkajsEncoder()).toBe(true);
    expect(recordEncoderPatched()).toBe(true);
    expect(recordDecoderPatched()).toBe(true);
    expect(Record).toBe(encodeRecord);
    const patched = await encodeAll(Record);
    uninstallKafkajsEncoder();
    expect(load('kafkajs/src/protocol/recordBatch/record/v0')).toBe(ownRecord);
    const original = await encodeAll(ownRecord);
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

  it('encodes every shape of record as kafkajs does, and leaves to kafkajs what it was not written for', () => {
    const same = (r: object) => {
      const mine = (encodeRecord(r) as { buffer: Buffer }).buffer;
      expect(Buffer.from(mine).toString('hex')).toBe(Buffer.from(ownRecord(r).buffer).toString('hex'));
    };
    same({});
    same({ key: null, value: null });
    same({ key: Buffer.from([0, 1, 2]), value: Buffer.alloc(300, 7), headers: { b: Buffer.from('ü') } });
    same({ key: 'ключ', value: '😀'.repeat(100), headers: { ce_é: 'ä'.repeat(70), empty: '' } });
    for (const timestampDelta of [
      0,
      1,
      -1,
      63,
      64,
      -64,
      -65,
      8191,
      8192,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 40,
      -(2 ** 45),
    ])
      same({ timestampDelta, offsetDelta: 5, value: 'v' });
    for (const offsetDelta of [0, 63, 64, 8191, 8192, 2 ** 21, 2 ** 28 + 3])
      same({ offsetDelta, value: 'v' });
    same({
      value: 'x'.repeat(20_000),
      headers: Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`h${i}`, `${i}`])),
    });
    // Header arrays and non-string values: kafkajs's own function, so the same bytes again.
    same({ value: 'v', headers: { multi: ['a', 'b'] } });
    expect(() => ownRecord({ value: 12345, key: 7 })).toThrow(/must be of type string/);
    expect(() => encodeRecord({ value: 12345, key: 7 })).toThrow(/must be of type string/);
    same({ timestampDelta: 2 ** 60, value: 'v' });
  });

  it('decodes every shape of record as kafkajs does', () => {
    const Decoder = load('kafkajs/src/protocol/decoder') as new (b: Buffer) => {
      buffer: Buffer;
      offset: number;
    };
    const own = originalRecordDecoder();
    const plain = (x: unknown): unknown =>
      Buffer.isBuffer(x)
        ? `hex:${x.toString('hex')}`
        : Array.isArray(x)
          ? x.map(plain)
          : x && typeof x === 'object'
            ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]))
            : x;
    const same = (r: object, ctx: object) => {
      const bytes = Buffer.from(ownRecord(r).buffer);
      // The batch decoder hands each record's bytes after its length prefix.
      const body = (from: Buffer) => {
        const d = new Decoder(from);
        (d as unknown as { readVarInt(): number }).readVarInt();
        return d;
      };
      expect(plain(decodeRecord(body(bytes), ctx))).toEqual(plain(own(body(bytes), ctx)));
    };
    const ctx = {
      firstOffset: '1000',
      firstTimestamp: '1700000000000',
      maxTimestamp: '1700000000099',
      magicByte: 2,
      isControlBatch: false,
      timestampType: 0,
    };
    for (const r of records) same(r, ctx);
    same({}, ctx);
    same({ key: null, value: null, offsetDelta: 7, timestampDelta: -5 }, ctx);
    same(
      {
        key: Buffer.from([0, 255]),
        value: Buffer.alloc(300, 7),
        headers: { b: Buffer.from('ü'), ce_é: 'ä' },
      },
      ctx,
    );
    same({ value: 'v', headers: { multi: ['a', 'b', 'c'], one: 'x' } }, ctx);
    same({ value: 'v', timestampDelta: 2 ** 40, offsetDelta: 2 ** 28 }, ctx);
    // A header named __proto__ (an own property, as JSON makes it): left to kafkajs.
    same({ value: 'v', headers: JSON.parse('{"__proto__":"p","a":"b"}') as object }, ctx);
    same({ value: 'v' }, { ...ctx, timestampType: 1 });
    same({ value: 'v' }, { ...ctx, isControlBatch: true, firstOffset: '9007199254740000' });
    // Past 2^53: kafkajs's Long arithmetic, so the same strings.
    same({ value: 'v', offsetDelta: 3 }, { ...ctx, firstOffset: '9223372036854775000' });
    same({ value: 'v', timestampDelta: 2 ** 60 }, ctx);
  });
});
