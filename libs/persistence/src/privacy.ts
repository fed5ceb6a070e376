/**
 * What every service's erasure and retention share: the confirmation each sends once it has erased
 * a customer, and the chunked delete the retention jobs run.
 */
import type { EntityManager } from 'typeorm';
import { createEvent, partitionKey, Topic, type CloudEvent, type ErasingService } from '@continuum/contracts';
import { enqueueOutbox, outboxRecord } from './outbox';

/**
 * Enqueues `cx.privacy.erased.v1` for an erasure this service has applied in `m`'s transaction, so
 * the confirmation is published if and only if the erasure committed.
 */
export async function confirmErasure(
  m: EntityManager,
  service: ErasingService,
  request: CloudEvent<Topic.PrivacyErasure>,
  rows: Record<string, number>,
  now = new Date(),
): Promise<void> {
  const { tenantId, erasureId } = request.data;
  await enqueueOutbox(m, service, [
    outboxRecord(
      Topic.PrivacyErased,
      partitionKey(tenantId, erasureId),
      createEvent({
        type: Topic.PrivacyErased,
        source: `/continuum/${service}`,
        tenantId,
        subject: erasureId,
        cause: request,
        data: { tenantId, erasureId, service, erasedAt: now.toISOString(), rows },
      }),
    ),
  ]);
}

/**
 * Deletes, in chunks of `chunk` rows, the rows of `table` matching `where` (parameters from $1);
 * returns how many went. Short transactions: writers never wait long behind the job's row locks.
 */
export async function deleteInChunks(
  q: { query<T = unknown>(sql: string, params?: unknown[]): Promise<T> },
  table: string,
  where: string,
  params: readonly unknown[],
  chunk = 1000,
): Promise<number> {
  const limit = `$${params.length + 1}`;
  let total = 0;
  for (;;) {
    const [, n] = await q.query<[unknown, number]>(
      `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT ${limit}))`,
      [...params, chunk],
    );
    total += n;
    if (n < chunk) return total;
  }
}
