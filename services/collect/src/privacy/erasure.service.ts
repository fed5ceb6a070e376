import { Injectable } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { erasureProblem, Topic, type CloudEvent } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { confirmErasure } from '@continuum/persistence';

/** collect's part of an erasure: the answers (with the comment as typed) to the customer's invitations. */
@Injectable()
export class CollectErasure {
  constructor(private readonly ds: DataSource) {}

  async erase(requests: readonly CloudEvent<Topic.PrivacyErasure>[]): Promise<void> {
    for (const e of requests)
      await this.ds.transaction(async (m) => {
        const [, answers] = await m.query<[unknown, number]>(
          `DELETE FROM collect.answers WHERE tenant_id = $1 AND invitation_key = ANY($2::uuid[])`,
          [e.data.tenantId, e.data.invitationKeys],
        );
        await confirmErasure(m, 'collect', e, { 'collect.answers': answers });
      });
  }
}

/** Erasure requests from listen; erasing twice changes nothing, so redeliveries need no claim. */
@BatchConsumer()
export class ErasureConsumer {
  constructor(private readonly erasure: CollectErasure) {}

  @EventPattern(Topic.PrivacyErasure)
  async onErasure(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.PrivacyErasure, (e) =>
      erasureProblem(e.data, e.tenantId),
    );
    await this.erasure.erase(events.map((d) => d.event));
    return { rejected };
  }
}
