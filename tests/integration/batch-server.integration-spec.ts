/**
 * The batch transport against the real broker: poison records are isolated and dead-lettered
 * while their neighbours are processed; transient failures are retried, never dead-lettered;
 * offsets are committed, so a restarted consumer does not see processed records again; the
 * partitions' batches of a fetch are merged into calls of at most `maxRecordsPerCall` records.
 */
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Topic } from '@continuum/contracts';
import {
  BatchConsumer,
  ensureTopics,
  KafkaBatchServer,
  type BatchOutcome,
  type RecordBatch,
} from '@continuum/kafka';
import { eventually, produce, testKafka, testStack, TopicRecorder } from '@continuum/testing';

jest.setTimeout(90_000);

const stack = testStack();
const TOPIC = `test.batch.${randomUUID().slice(0, 8)}`;
const MULTI = `test.batch.multi.${randomUUID().slice(0, 8)}`;

@Injectable()
class Seen {
  readonly processed: string[] = [];
  readonly calls: number[] = [];
  transientFailuresLeft = 0;
}

@BatchConsumer()
class TestConsumer {
  constructor(private readonly seen: Seen) {}

  @EventPattern(TOPIC)
  async handle(batch: RecordBatch): Promise<BatchOutcome> {
    this.seen.calls.push(batch.records.length);
    if (this.seen.transientFailuresLeft > 0) {
      this.seen.transientFailuresLeft -= 1;
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    }
    const values = batch.records.map((r) => r.value ?? '');
    if (values.includes('poison')) throw new TypeError('cannot digest poison');
    const rejected = batch.records
      .filter((r) => r.value === 'refuse')
      .map((record) => ({ record, code: 'validation', reason: 'refused on purpose' }));
    this.seen.processed.push(...values.filter((v) => v !== 'refuse'));
    return { rejected };
  }
}

/** Opens once, for good: whoever awaits `opened` waits until someone calls `open`. */
class Latch {
  open!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.open = resolve));
}

@Injectable()
class SeenMulti {
  /** Per handler call: the batch's partition and each record as `partition:value`. */
  readonly calls: { partition: number; records: string[] }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /**
   * Holds every call until a second one is in flight, so two calls overlap however fast each is;
   * a run that expects no second call opens it itself.
   */
  readonly overlap = new Latch();
}

@BatchConsumer()
class MultiConsumer {
  constructor(private readonly seen: SeenMulti) {}

  @EventPattern(MULTI)
  async handle(batch: RecordBatch): Promise<BatchOutcome> {
    this.seen.calls.push({
      partition: batch.partition,
      records: batch.records.map((r) => `${r.partition}:${r.value ?? ''}`),
    });
    this.seen.inFlight += 1;
    this.seen.maxInFlight = Math.max(this.seen.maxInFlight, this.seen.inFlight);
    try {
      if (this.seen.inFlight >= 2) this.seen.overlap.open();
      await this.seen.overlap.opened;
      if (batch.records.some((r) => r.value === 'poison')) throw new TypeError('cannot digest poison');
      return { rejected: [] };
    } finally {
      this.seen.inFlight -= 1;
    }
  }
}

@Module({ controllers: [TestConsumer, MultiConsumer], providers: [Seen, SeenMulti] })
class TestModule {}

async function startConsumer(
  topic = TOPIC,
  limits: { maxRecordsPerCall?: number; maxCallsPerTopic?: number } = {},
): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(TestModule, {
    strategy: new KafkaBatchServer({
      connection: { brokers: stack.kafkaBrokers.split(','), clientId: 'batch-test' },
      groupId: `batch-test-${topic}`,
      retryDelayMs: 20,
      ...limits,
    }),
    logger: false,
  });
  await app.listen();
  return app;
}

let recorder: TopicRecorder;

beforeAll(async () => {
  await ensureTopics(
    testKafka(stack),
    [
      [TOPIC, 1],
      [MULTI, 6],
    ].map(([name, partitions]) => ({
      name: name as Topic,
      partitions: partitions as number,
      key: 'k',
      compacted: false,
      retentionMs: 3600_000,
      description: 'test',
    })),
  );
  recorder = await TopicRecorder.start(stack, [Topic.DeadLetter]);
});

afterAll(async () => {
  await recorder.stop();
});

it('dead-letters the poison and the refused, processes the rest once, and commits', async () => {
  const values = ['a', 'b', 'poison', 'c', 'refuse', 'd', 'e', 'f'];
  await produce(
    stack,
    TOPIC,
    values.map((value) => ({ key: 'k', value })),
  );
  let app = await startConsumer();
  const seen = app.get(Seen);
  await eventually(async () => seen.processed.length >= 6);
  expect([...seen.processed].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);

  const dead = await eventually(async () => {
    const d = recorder.where((r) => r.headers['dlt-original-topic'] === TOPIC);
    return d.length >= 2 ? d : null;
  });
  expect(
    dead.map((d) => [d.value, d.headers['dlt-reason-code'], d.headers['dlt-exception-message']]).sort(),
  ).toEqual([
    ['poison', 'processing', 'TypeError: cannot digest poison'],
    ['refuse', 'validation', 'refused on purpose'],
  ]);
  expect(dead.find((d) => d.value === 'poison')!.headers['dlt-original-offset']).toBe('2');
  await app.close();

  // A new consumer of the same group starts after the committed offset: nothing is processed
  // twice. The marker behind the new record proves that the partition was read that far.
  await produce(stack, TOPIC, [
    { key: 'k', value: 'g' },
    { key: 'k', value: 'marker' },
  ]);
  app = await startConsumer();
  const again = app.get(Seen);
  await eventually(async () => again.processed.includes('marker'));
  expect(again.processed).toEqual(['g', 'marker']);
  await app.close();
});

it('retries a transient failure without dead-lettering anything', async () => {
  const app = await startConsumer();
  const seen = app.get(Seen);
  seen.transientFailuresLeft = 4;
  const before = recorder.where((r) => r.headers['dlt-original-topic'] === TOPIC).length;
  await produce(stack, TOPIC, [
    { key: 'k', value: 'h' },
    { key: 'k', value: 'i' },
  ]);
  await eventually(async () => seen.processed.length >= 2);
  expect(seen.processed).toEqual(['h', 'i']);
  expect(seen.calls.length).toBeGreaterThanOrEqual(5);
  expect(recorder.where((r) => r.headers['dlt-original-topic'] === TOPIC)).toHaveLength(before);
  await app.close();
});

it('merges the partitions of a fetch into calls within maxRecordsPerCall and maxCallsPerTopic, isolating a poison to its own record', async () => {
  // A backlog of two records on each of six partitions, one of them poison: the first fetch
  // brings all six batches at once.
  const records = [0, 1, 2, 3, 4, 5].flatMap((partition) =>
    [`x${partition}`, partition === 3 ? 'poison' : `y${partition}`].map((value) => ({ partition, value })),
  );
  await produce(stack, MULTI, records);
  const before = recorder.where((r) => r.headers['dlt-original-topic'] === MULTI).length;
  // Six chunks of two within calls of five: three calls at once, of which two may run.
  let app = await startConsumer(MULTI, { maxRecordsPerCall: 5, maxCallsPerTopic: 2 });
  const seen = app.get(SeenMulti);
  const dead = await eventually(async () => {
    const d = recorder.where((r) => r.headers['dlt-original-topic'] === MULTI);
    return d.length > before ? d : null;
  });
  expect(
    dead.map((d) => [d.value, d.headers['dlt-original-partition'], d.headers['dlt-original-offset']]),
  ).toEqual([['poison', '3', '1']]);
  // Every call stays within the limit; some carry several partitions (batch.partition -1).
  expect(seen.calls.every((c) => c.records.length <= 5)).toBe(true);
  const merged = seen.calls.filter((c) => new Set(c.records.map((r) => r.split(':')[0])).size > 1);
  expect(merged.length).toBeGreaterThan(0);
  expect(merged.every((c) => c.partition === -1)).toBe(true);
  expect(seen.maxInFlight).toBe(2);
  // Each good record was handled by a call that succeeded: the last call that carried it.
  const succeeded = seen.calls.filter((c) => !c.records.some((r) => r.endsWith(':poison')));
  const done = succeeded.flatMap((c) => c.records);
  const expected = records.filter((r) => r.value !== 'poison').map((r) => `${r.partition}:${r.value}`);
  expect([...new Set(done)].sort()).toEqual(expected.sort());
  await app.close();

  // Every partition's offset was committed: a restarted consumer sees only what is new. A marker
  // on every partition proves that each was read past anything left uncommitted.
  const markers = [0, 1, 2, 3, 4, 5].map((partition) => ({ partition, value: `m${partition}` }));
  await produce(stack, MULTI, [{ partition: 5, value: 'z5' }, ...markers]);
  app = await startConsumer(MULTI, { maxRecordsPerCall: 5 });
  const again = app.get(SeenMulti);
  again.overlap.open(); // a handful of new records may come in one call: none waits for another
  const seenAgain = () => again.calls.flatMap((c) => c.records);
  await eventually(async () => markers.every((m) => seenAgain().includes(`${m.partition}:${m.value}`)));
  expect(seenAgain().sort()).toEqual(['5:z5', ...markers.map((m) => `${m.partition}:${m.value}`)].sort());
  await app.close();
});
