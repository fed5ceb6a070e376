import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TopicIdMode } from './pseudonym';

export interface TenantKey {
  readonly tenantId: string;
  readonly key: Buffer;
  readonly mode: TopicIdMode;
  /** The tenant published raw ids at some time: downstream copies may name the raw id. */
  readonly rawEver: boolean;
}

/** A customer as topics name them: the pseudonym and the id it stands for. */
export interface PseudonymPair {
  readonly tenantId: string;
  readonly pseudonym: string;
  readonly customerId: string;
}

interface KeyRow {
  tenant_id: string;
  key: Buffer;
  topic_ids: TopicIdMode;
  raw_ever: boolean;
}

const toKey = (r: KeyRow): TenantKey => ({
  tenantId: r.tenant_id,
  key: r.key,
  mode: r.topic_ids,
  rawEver: r.raw_ever,
});

/** `listen.pseudonym_keys` and `listen.pseudonyms`: the SQL of both in one place. */
@Injectable()
export class PseudonymsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The keys of these tenants, creating the missing ones from `fresh` (one statement, committed
   * on its own: a key is never taken back, and a concurrent creator's key wins for both).
   */
  async keys(tenantIds: readonly string[], fresh: (tenantId: string) => Buffer): Promise<TenantKey[]> {
    if (tenantIds.length === 0) return [];
    const rows: KeyRow[] = await this.ds.query(
      `WITH ins AS (
         INSERT INTO listen.pseudonym_keys (tenant_id, key)
         SELECT t, k FROM unnest($1::text[], $2::bytea[]) AS n(t, k)
         ON CONFLICT (tenant_id) DO NOTHING
         RETURNING tenant_id, key, topic_ids, raw_ever
       )
       SELECT tenant_id, key, topic_ids, raw_ever FROM ins
       UNION ALL
       SELECT tenant_id, key, topic_ids, raw_ever FROM listen.pseudonym_keys WHERE tenant_id = ANY($1::text[])`,
      [tenantIds, tenantIds.map(fresh)],
    );
    // A row inserted by this statement is not visible to its own SELECT: each tenant appears once.
    return rows.map(toKey);
  }

  async setMode(m: EntityManager, tenantId: string, mode: TopicIdMode, freshKey: Buffer): Promise<TenantKey> {
    const [row]: KeyRow[] = await m.query(
      `INSERT INTO listen.pseudonym_keys AS k (tenant_id, key, topic_ids, raw_ever)
       VALUES ($1, $2, $3, $3 = 'raw')
       ON CONFLICT (tenant_id) DO UPDATE
         SET topic_ids = EXCLUDED.topic_ids, raw_ever = k.raw_ever OR EXCLUDED.raw_ever, updated_at = now()
       RETURNING tenant_id, key, topic_ids, raw_ever`,
      [tenantId, freshKey, mode],
    );
    return toKey(row);
  }

  /**
   * Records pseudonyms in one statement, in the caller's transaction. Sorted, so that two
   * batches naming the same customers wait for each other in the same order, never in a cycle.
   */
  async remember(m: EntityManager, pairs: readonly PseudonymPair[]): Promise<void> {
    if (pairs.length === 0) return;
    const sorted = [...pairs].sort((a, b) =>
      a.tenantId === b.tenantId
        ? a.pseudonym < b.pseudonym
          ? -1
          : a.pseudonym > b.pseudonym
            ? 1
            : 0
        : a.tenantId < b.tenantId
          ? -1
          : 1,
    );
    await m.query(
      `INSERT INTO listen.pseudonyms (tenant_id, pseudonym, customer_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT DO NOTHING`,
      [sorted.map((p) => p.tenantId), sorted.map((p) => p.pseudonym), sorted.map((p) => p.customerId)],
    );
  }

  /** The customer ids of these pseudonyms of one tenant, by pseudonym; unknown ones are absent. */
  async resolve(
    m: EntityManager | DataSource,
    tenantId: string,
    pseudonyms: readonly string[],
  ): Promise<Map<string, string>> {
    if (pseudonyms.length === 0) return new Map();
    const rows: { pseudonym: string; customer_id: string }[] = await m.query(
      `SELECT pseudonym, customer_id FROM listen.pseudonyms WHERE tenant_id = $1 AND pseudonym = ANY($2::text[])`,
      [tenantId, pseudonyms],
    );
    return new Map(rows.map((r) => [r.pseudonym, r.customer_id]));
  }
}
