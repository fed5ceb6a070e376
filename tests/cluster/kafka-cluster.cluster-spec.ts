/**
 * The three-broker option of infra/kafka/kafka.sh (KAFKA_NODES=3) on this slot's ports +2…+7: the
 * cluster comes up with three registered brokers, the catalogue's topics get three replicas and
 * min.insync.replicas 2, and the services' producer (idempotent, acks=all) keeps writing, nothing
 * lost or doubled, with one broker killed (kill -9). `npm run test:chaos:brokers` runs this first
 * (CONTINUUM_CLUSTER_TESTS=1 adds the project), then the long run with two kills under the loop.
 */
import { execFileSync } from 'node:child_process';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { Topic, TOPICS } from '@continuum/contracts';
import { ensureTopics, EventProducer } from '@continuum/kafka';
import { ROOT, TEST_SLOT } from '@continuum/testing';

jest.setTimeout(240_000);

const BASE = 19092 + 10 * TEST_SLOT + 2;
const BROKERS = [0, 1, 2].map((i) => `127.0.0.1:${BASE + 2 * i}`);
const ENV = {
  ...process.env,
  KAFKA_NODES: '3',
  KAFKA_PORT: String(BASE),
  KAFKA_CONTROLLER_PORT: String(BASE + 1),
  KAFKA_HEAP_OPTS: '-Xms128m -Xmx384m',
  KAFKA_START_TIMEOUT: '180',
};
const kafkaSh = (...args: string[]): string =>
  execFileSync('bash', ['infra/kafka/kafka.sh', ...args], { cwd: ROOT, env: ENV, encoding: 'utf8' });

const kafka = new Kafka({ clientId: 'test-cluster', brokers: BROKERS, logLevel: logLevel.NOTHING });
const SPEC = TOPICS.find((t) => t.name === Topic.FeedbackRecorded)!;

beforeAll(() => {
  kafkaSh('reset');
  kafkaSh('start');
});

afterAll(() => {
  kafkaSh('reset');
});

it('starts three brokers with one cluster id; the bootstrap list names them', async () => {
  expect(kafkaSh('brokers').trim()).toBe(BROKERS.join(','));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const c = await admin.describeCluster();
    expect(c.brokers.map((b) => `${b.host}:${b.port}`).sort()).toEqual([...BROKERS].sort());
    expect(c.clusterId).toMatch(/^[\w-]{22}$/);
  } finally {
    await admin.disconnect();
  }
});

it('creates topics with three replicas in sync and min.insync.replicas 2; acks=all writes go on with a broker killed', async () => {
  expect(await ensureTopics(kafka, [SPEC], 3)).toEqual([SPEC.name]);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [SPEC.name] });
    const partitions = meta.topics[0].partitions;
    expect(partitions).toHaveLength(SPEC.partitions);
    for (const p of partitions) {
      expect(p.replicas).toHaveLength(3);
      expect(p.isr).toHaveLength(3);
    }
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: SPEC.name, configNames: ['min.insync.replicas'] }],
    });
    expect(configs.resources[0].configEntries.map((e) => [e.configName, e.configValue])).toEqual([
      ['min.insync.replicas', '2'],
    ]);

    const producer = new EventProducer(kafka);
    const batch = (from: number) =>
      Array.from({ length: 100 }, (_, i) => ({
        topic: SPEC.name,
        key: `k-${from + i}`,
        headers: {},
        value: `v-${from + i}`,
      }));
    try {
      await producer.send(batch(0));
      // A leader of some partitions dies: two of three replicas remain, enough for acks=all.
      kafkaSh('kill', '2');
      await producer.send(batch(100));
    } finally {
      await producer.disconnect();
    }
    const offsets = await admin.fetchTopicOffsets(SPEC.name);
    expect(offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0)).toBe(200);
  } finally {
    await admin.disconnect();
  }
});
