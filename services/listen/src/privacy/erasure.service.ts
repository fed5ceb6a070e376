import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  commentDigest,
  createEvent,
  ERASING_SERVICES,
  partitionKey,
  Topic,
  type ErasingService,
  type PrivacyErasedV1,
} from '@continuum/contracts';
import { enqueueOutbox, outboxRecord, recordAudit, type AuditActor } from '@continuum/persistence';
import { redactPii } from '@continuum/text';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service';
import { ErasureRepository, type CustomerTable } from './erasure.repository';

const SOURCE = '/continuum/listen';

export interface ErasureView {
  readonly id: string;
  readonly requestedAt: string;
  /** `completed` once every service has confirmed. */
  readonly status: 'pending' | 'completed';
  readonly services: Record<
    ErasingService,
    { status: 'pending' } | { status: 'erased'; erasedAt: string; rows: Record<string, number> }
  >;
}

/**
 * A customer's erasure (issue 20 item 1). listen deletes its own rows and publishes the request,
 * with the keys downstream copies are held by, in one transaction; measure, act and collect erase
 * theirs on reading it and confirm on `cx.privacy.erased.v1`, which listen records for the status.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: ErasureRepository,
    private readonly pseudonyms: PseudonymsService,
  ) {}

  async request(
    tenantId: string,
    customerId: string,
    actor: AuditActor,
    now = new Date(),
  ): Promise<ErasureView> {
    const id = randomUUID();
    // Downstream services hold the customer as events named them: by pseudonym, and by the raw
    // id too if the tenant ever put raw ids on topics.
    const ids = await this.pseudonyms.forTenants([tenantId]);
    const pseudonym = ids.compute(tenantId, customerId);
    await this.ds.transaction(async (m) => {
      const keys = await this.repo.keysOf(m, tenantId, customerId);
      const subjects = ids.rawEver(tenantId) ? [pseudonym, customerId] : [pseudonym];
      const rows = await this.repo.erase(m, tenantId, customerId, subjects);
      await this.repo.create(m, tenantId, id, now, actor.name);
      const mine: PrivacyErasedV1 = {
        tenantId,
        erasureId: id,
        service: 'listen',
        erasedAt: now.toISOString(),
        rows,
      };
      await this.repo.confirm(m, [mine]);
      // The audit names the erasure, never the customer: the trail must not undo what it records.
      await recordAudit(m, tenantId, actor, [
        { action: 'erase', resource: 'customer', resourceId: id, detail: { rows } },
      ]);
      // Measure re-redacts comments it samples: the digest of both forms finds either.
      const digests = new Set(
        keys.comments.flatMap((c) => [commentDigest(c), commentDigest(redactPii(c).text)]),
      );
      const request = createEvent({
        type: Topic.PrivacyErasure,
        source: SOURCE,
        tenantId,
        subject: id,
        data: {
          tenantId,
          erasureId: id,
          customerId: pseudonym,
          ...(ids.rawEver(tenantId) ? { rawCustomerId: customerId } : {}),
          feedbackIds: keys.feedbackIds,
          eventIds: keys.eventIds,
          commentDigests: [...digests].sort(),
          invitationKeys: keys.invitationKeys,
          requestedAt: now.toISOString(),
        },
      });
      const key = partitionKey(tenantId, id);
      await enqueueOutbox(m, 'listen', [
        outboxRecord(Topic.PrivacyErasure, key, request),
        outboxRecord(
          Topic.PrivacyErased,
          key,
          createEvent({
            type: Topic.PrivacyErased,
            source: SOURCE,
            tenantId,
            subject: id,
            data: mine,
            cause: request,
          }),
        ),
      ]);
    });
    return (await this.status(tenantId, id))!;
  }

  async status(tenantId: string, id: string): Promise<ErasureView | null> {
    const e = await this.repo.find(tenantId, id);
    if (!e) return null;
    const services = Object.fromEntries(
      ERASING_SERVICES.map((s) => {
        const c = e.confirmations.get(s);
        return [
          s,
          c ? { status: 'erased', erasedAt: c.erasedAt.toISOString(), rows: c.rows } : { status: 'pending' },
        ];
      }),
    ) as ErasureView['services'];
    return {
      id,
      requestedAt: e.requestedAt.toISOString(),
      status: ERASING_SERVICES.every((s) => e.confirmations.has(s)) ? 'completed' : 'pending',
      services,
    };
  }

  /** listen's part of a subject access request: every row naming the customer, and their pseudonym. */
  async holdings(
    tenantId: string,
    customerId: string,
  ): Promise<{ pseudonym: string; tables: Record<CustomerTable, unknown[]> }> {
    const [pseudonym] = await this.pseudonyms.pseudonyms(tenantId, [customerId]);
    return { pseudonym, tables: await this.repo.holdings(tenantId, customerId) };
  }
}
