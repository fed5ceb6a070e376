import type { Kafka } from 'kafkajs';
import { topicConfig, TOPICS, type TopicSpec } from '@continuum/contracts';

function configEntries(t: TopicSpec): { name: string; value: string }[] {
  return Object.entries(topicConfig(t)).map(([name, value]) => ({ name, value: String(value) }));
}

/** Creates the catalogue's topics that are missing; returns the names it created. */
export async function ensureTopics(
  kafka: Kafka,
  specs: readonly TopicSpec[] = TOPICS,
  replicationFactor = 1,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor,
          configEntries: configEntries(t),
        })),
      });
    }
    return missing.map((t) => t.name);
  } finally {
    await admin.disconnect();
  }
}

/** Readiness: the broker answers a metadata request within the timeout. */
export async function brokerReachable(kafka: Kafka, timeoutMs = 2000): Promise<boolean> {
  const admin = kafka.admin();
  try {
    await Promise.race([
      admin.connect().then(() => admin.describeCluster()),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
