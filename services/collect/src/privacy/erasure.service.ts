import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CloudEvent, Topic } from '@continuum/contracts';
import { confirmErasure } from '@continuum/persistence';
import type { CustomerEraser } from '@continuum/platform';

/** collect's part of an erasure: the answers (with the comment as typed) to the customer's invitations. */
@Injectable()
export class CollectErasure implements CustomerEraser {
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
