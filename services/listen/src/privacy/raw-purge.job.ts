import { Injectable } from '@nestjs/common';
import { Topic } from '@continuum/contracts';
import { KafkaProvider, PeriodicJob } from '@continuum/platform';
import { ListenConfig } from '../listen.config';

/** The topics senders write in clear; listen's consumer group is the only reader they are for. */
export const RAW_TOPICS = [Topic.FeedbackRaw, Topic.InteractionsRaw, Topic.InvitationsRaw] as const;
export const LISTEN_GROUP = 'continuum-listen';

/**
 * Raw topics are transit (issue 20 item 3): once listen has committed a record, the record (with
 * the customer id and the comment as sent) has no reader left, so its partition's log start is
 * moved past listen's committed offset with DeleteRecords. Chosen over a retention of hours
 * because retention deletes by age whether or not listen has read the record (an outage longer
 * than it loses data) and keeps what was read for hours; DeleteRecords removes exactly what is
 * committed, and unread records keep the topic's full retention.
 */
@Injectable()
export class RawTopicPurge extends PeriodicJob {
  constructor(
    private readonly kafka: KafkaProvider,
    cfg: ListenConfig,
  ) {
    super(cfg.LISTEN_RAW_PURGE_INTERVAL_MS, RawTopicPurge.name, 'raw-topic purge failed');
  }

  protected async tick(): Promise<void> {
    await this.run();
  }

  /** Moves each raw partition's start up to listen's committed offset; the records removed. */
  async run(): Promise<number> {
    const admin = this.kafka.kafka.admin();
    await admin.connect();
    let removed = 0;
    try {
      const committed = await admin.fetchOffsets({ groupId: LISTEN_GROUP, topics: [...RAW_TOPICS] });
      for (const { topic, partitions } of committed) {
        const low = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.low)]));
        // -1: nothing committed yet; at or below the log start: nothing new to remove.
        const due = partitions.filter((p) => BigInt(p.offset) > (low.get(p.partition) ?? 0n));
        if (due.length === 0) continue;
        await admin.deleteTopicRecords({
          topic,
          partitions: due.map((p) => ({ partition: p.partition, offset: p.offset })),
        });
        for (const p of due) removed += Number(BigInt(p.offset) - (low.get(p.partition) ?? 0n));
      }
    } finally {
      await admin.disconnect();
    }
    if (removed > 0) this.logger.log({ msg: 'raw topics: removed records listen has committed', removed });
    return removed;
  }
}
