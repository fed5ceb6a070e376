#!/usr/bin/env node
// End-to-end check of kafkajs (the client Continuum uses) against a running broker:
//   KAFKA_BROKERS=127.0.0.1:9092 node infra/kafka/smoke.js
// Creates a 3-partition topic and a compacted topic, produces with an idempotent
// producer (plus one gzip batch), consumes with a consumer group using eachBatch
// and manual commits, checks headers round-trip and that committed offsets are
// honoured by a restarted consumer of the same group. Exits non-zero on failure.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');

const { Kafka, logLevel, CompressionTypes, Partitioners } = require(
  require.resolve('kafkajs', { paths: [process.cwd(), path.resolve(__dirname, '../..')] }),
);

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const runId = `${Date.now().toString(36)}-${process.pid}`;
const topic = `smoke.events.${runId}`;
const compacted = `smoke.compacted.${runId}`;
const groupId = `smoke-group-${runId}`;
const PARTITIONS = 3;
const FIRST = 30; // messages in the first round
const SECOND = 6; // messages produced after the first consumer committed

// kafkajs logs every retriable error response at ERROR (e.g. "The coordinator is
// loading" while a fresh broker creates __consumer_offsets); it retries them, so
// only non-retriable entries are shown.
const logCreator =
  () =>
  ({ namespace, level, log }) => {
    if (namespace === 'Connection' && String(log.message).startsWith('Response') && log.error) return;
    if (log.retryCount !== undefined) return;
    const name = Object.keys(logLevel).find((k) => logLevel[k] === level);
    console.error(`smoke: kafkajs ${name}: ${log.message}${log.error ? ` (${log.error})` : ''}`);
  };

const kafka = new Kafka({ clientId: 'continuum-kafka-smoke', brokers, logLevel: logLevel.WARN, logCreator });
const admin = kafka.admin();
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
});

const step = (msg) => console.log(`smoke: ${msg}`);

function message(i) {
  return {
    key: `key-${i % 7}`,
    value: JSON.stringify({ i, runId }),
    headers: {
      'x-index': String(i),
      'x-binary': Buffer.from([0, 1, 2, 255, i % 256]),
      'x-multi': ['a', `b-${i}`],
    },
  };
}

function checkHeaders(m) {
  const { i } = JSON.parse(m.value.toString());
  const h = m.headers;
  assert.equal(h['x-index'].toString(), String(i), 'string header');
  assert.deepEqual([...h['x-binary']], [0, 1, 2, 255, i % 256], 'binary header');
  assert.ok(Array.isArray(h['x-multi']), 'repeated header key arrives as an array');
  assert.deepEqual(
    h['x-multi'].map((b) => b.toString()),
    ['a', `b-${i}`],
    'repeated header values keep their order',
  );
  return i;
}

// Consume until `expected` messages arrived, committing each batch by hand.
async function consumeOnce(expected) {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
  const seen = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  let failure = null;
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
      try {
        for (const m of batch.messages) {
          seen.push({ partition: batch.partition, i: checkHeaders(m) });
          resolveOffset(m.offset);
        }
        // With autoCommit: false, commitOffsetsIfNecessary() without arguments only
        // commits when autoCommitInterval/Threshold are set, so pass offsets explicitly.
        await commitOffsetsIfNecessary({
          topics: [
            {
              topic: batch.topic,
              partitions: [{ partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }],
            },
          ],
        });
        await heartbeat();
      } catch (e) {
        failure = e;
        resolveDone();
        return;
      }
      if (seen.length >= expected) resolveDone();
    },
  });
  const timer = setTimeout(() => resolveDone(), 30000);
  await done;
  clearTimeout(timer);
  await consumer.disconnect();
  if (failure) throw failure;
  return seen;
}

async function main() {
  await admin.connect();
  const cluster = await admin.describeCluster();
  step(
    `cluster ${cluster.clusterId}, brokers ${cluster.brokers.map((b) => `${b.host}:${b.port}`).join(',')}`,
  );

  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic, numPartitions: PARTITIONS, replicationFactor: 1 },
      {
        topic: compacted,
        numPartitions: 1,
        replicationFactor: 1,
        configEntries: [
          { name: 'cleanup.policy', value: 'compact' },
          { name: 'min.cleanable.dirty.ratio', value: '0.01' },
        ],
      },
    ],
  });
  assert.equal(created, true, 'createTopics reports both topics as new');
  const meta = await admin.fetchTopicMetadata({ topics: [topic, compacted] });
  const byName = Object.fromEntries(meta.topics.map((t) => [t.name, t]));
  assert.equal(byName[topic].partitions.length, PARTITIONS, `${topic} has ${PARTITIONS} partitions`);
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: 2 /* TOPIC */, name: compacted, configNames: ['cleanup.policy'] }],
  });
  assert.equal(configs.resources[0].configEntries[0].configValue, 'compact', 'compacted topic policy');
  step(`created ${topic} (${PARTITIONS} partitions) and ${compacted} (cleanup.policy=compact)`);

  await producer.connect();
  const all = Array.from({ length: FIRST + SECOND }, (_, i) => message(i));
  const acks = await producer.send({ topic, acks: -1, messages: all.slice(0, FIRST - 10) });
  await producer.send({
    topic,
    acks: -1,
    compression: CompressionTypes.GZIP,
    messages: all.slice(FIRST - 10, FIRST),
  });
  assert.ok(
    acks.every((a) => a.errorCode === 0),
    'produce acks without errors',
  );
  const usedPartitions = new Set(acks.map((a) => a.partition));
  await producer.sendBatch({
    acks: -1,
    topicMessages: [
      {
        topic: compacted,
        messages: [
          { key: 'customer-1', value: 'v1' },
          { key: 'customer-1', value: 'v2' },
          { key: 'customer-2', value: 'v1' },
          { key: 'customer-2', value: null }, // tombstone
        ],
      },
    ],
  });
  step(
    `produced ${FIRST} messages (idempotent, 10 gzip) to partitions ${[...usedPartitions].sort()} + 4 to compacted`,
  );

  const first = await consumeOnce(FIRST);
  assert.equal(first.length, FIRST, `first consumer got ${first.length}/${FIRST}`);
  assert.deepEqual(
    first.map((s) => s.i).sort((a, b) => a - b),
    Array.from({ length: FIRST }, (_, i) => i),
    'every message exactly once',
  );
  const partitionsSeen = new Set(first.map((s) => s.partition));
  assert.equal(partitionsSeen.size, PARTITIONS, 'messages spread over all partitions');

  const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  for (const p of committed[0].partitions) {
    const end = ends.find((e) => e.partition === p.partition);
    assert.equal(p.offset, end.high, `committed offset of partition ${p.partition} is its end offset`);
  }
  step(`consumed ${first.length} with group ${groupId} (eachBatch, manual commits), headers intact`);

  await producer.send({ topic, acks: -1, messages: all.slice(FIRST) });
  const second = await consumeOnce(SECOND);
  assert.deepEqual(
    second.map((s) => s.i).sort((a, b) => a - b),
    Array.from({ length: SECOND }, (_, i) => FIRST + i),
    'restarted consumer resumes from committed offsets',
  );
  step(`restarted group resumed at committed offsets (${second.length} new messages)`);

  await admin.deleteTopics({ topics: [topic, compacted] });
  await admin.deleteGroups([groupId]).catch(() => undefined);
  step('OK');
}

const watchdog = setTimeout(() => {
  console.error('smoke: FAILED: timed out after 120s');
  process.exit(1);
}, 120000);

main()
  .then(async () => {
    clearTimeout(watchdog);
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
  })
  .catch(async (e) => {
    console.error(`smoke: FAILED: ${e && e.stack ? e.stack : e}`);
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    process.exit(1);
  });
