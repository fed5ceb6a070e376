import type { TopicSpec } from './topics';

/**
 * The broker-side configuration of a catalogue topic: what `ensureTopics` creates and what the
 * AsyncAPI document publishes, from one function so the two never disagree.
 */
export function topicConfig(t: TopicSpec): {
  'cleanup.policy': 'compact' | 'delete';
  'retention.ms': number;
} {
  return { 'cleanup.policy': t.compacted ? 'compact' : 'delete', 'retention.ms': t.retentionMs };
}
