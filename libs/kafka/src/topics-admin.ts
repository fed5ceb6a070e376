import type { Kafka } from 'kafkajs';
import { topicConfig, TOPICS, type TopicSpec } from '@continuum/contracts';

/**
 * In-sync replicas an acks=all write needs: 2 from three replicas on (one broker may be down and
 * nothing acknowledged lives on one disk only), 1 below that (a write must not need every replica).
 */
export function minInsyncReplicas(replicationFactor: number): number {
  return Math.max(1, Math.min(2, replicationFactor - 1));
}

function configEntries(t: TopicSpec, replicationFactor: number): { name: string; value: string }[] {
  return Object.entries({
    ...topicConfig(t),
    'min.insync.replicas': minInsyncReplicas(replicationFactor),
  }).map(([name, value]) => ({ name, value: String(value) }));
}

/**
 * Creates the catalogue's topics that are missing, with `min.insync.replicas` set for the
 * replication factor (the broker's default may not fit it); returns the names it created.
 */
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
          configEntries: configEntries(t, replicationFactor),
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
