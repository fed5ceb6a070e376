/**
 * What every service's erasure and retention share: the confirmation each sends once it has erased
 * a customer, and the chunked delete the retention jobs run.
 */
import type { EntityManager } from 'typeorm';
import {
  createEvent,
  partitionKey,
  Topic,
  type CloudEvent,
  type ErasingService,
  type PrivacyRetentionV1,
} from '@continuum/contracts';
import { perTenantTable } from './migration';
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

/** The limits of the tenants' retention a service applies, kept from `cx.privacy.retention.v1`. */
export type RetentionLimit = Exclude<keyof PrivacyRetentionV1, 'tenantId'>;

/** Stores the latest limits of each tenant (the topic is compacted and has one partition: last wins). */
export async function storeRetention(
  q: { query(sql: string, params?: unknown[]): Promise<unknown> },
  schema: string,
  limits: readonly PrivacyRetentionV1[],
): Promise<void> {
  if (limits.length === 0) return;
  const last = new Map(limits.map((l) => [l.tenantId, l]));
  await q.query(
    `INSERT INTO "${schema}".retention (tenant_id, limits)
     SELECT t.tenant_id, t.limits FROM json_to_recordset($1::json) AS t(tenant_id text, limits jsonb)
     ON CONFLICT (tenant_id) DO UPDATE SET limits = excluded.limits, updated_at = now()`,
    [
      JSON.stringify(
        [...last.values()].map(({ tenantId, ...rest }) => ({ tenant_id: tenantId, limits: rest })),
      ),
    ],
  );
}

/** The tenants with a limit set for `limit`, and its days. */
export async function limitedTenants(
  q: { query<T = unknown>(sql: string, params?: unknown[]): Promise<T> },
  schema: string,
  limit: RetentionLimit,
): Promise<{ tenantId: string; days: number }[]> {
  const rows = await q.query<{ tenant_id: string; days: number }[]>(
    `SELECT tenant_id, (limits->>$1)::int AS days FROM "${schema}".retention WHERE limits->>$1 IS NOT NULL`,
    [limit],
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, days: r.days }));
}

/** The table `storeRetention` writes; from the service's migrations. */
export function retentionTable(schema: string): string {
  return perTenantTable(`"${schema}".retention`, ['limits jsonb NOT NULL']);
}
