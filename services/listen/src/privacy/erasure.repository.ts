import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type ErasingService, type PrivacyErasedV1 } from '@continuum/contracts';
import { eraseSubjectKeys } from '@continuum/persistence';

/**
 * listen's tables that name a customer, each by its `customer_id`: what an erasure deletes and
 * what subject access returns. A table added with a customer column belongs here.
 */
export const CUSTOMER_TABLES = [
  'feedback',
  'survey_contacts',
  'interactions',
  'contacts',
  'invitation_skips',
  'invitations',
  'customer_contacts',
  'loop_messages',
  'contact_opt_outs',
  // The mapping from pseudonym to customer id: deleting it makes the pseudonym unlinkable.
  'pseudonyms',
] as const;
export type CustomerTable = (typeof CUSTOMER_TABLES)[number];

/** What downstream copies of a customer's data are keyed by (see PrivacyErasureV1). */
export interface CustomerKeys {
  readonly feedbackIds: string[];
  readonly eventIds: string[];
  readonly comments: string[];
  readonly invitationKeys: string[];
}

export interface ErasureRow {
  readonly id: string;
  readonly requestedAt: Date;
  readonly confirmations: Map<ErasingService, { erasedAt: Date; rows: Record<string, number> }>;
}

@Injectable()
export class ErasureRepository {
  constructor(private readonly ds: DataSource) {}

  async keysOf(m: EntityManager, tenantId: string, customerId: string): Promise<CustomerKeys> {
    const [row] = await m.query<
      { feedback_ids: string[]; event_ids: string[]; comments: string[]; invitation_keys: string[] }[]
    >(
      `SELECT
         ARRAY(SELECT id FROM listen.feedback WHERE tenant_id = $1 AND customer_id = $2 ORDER BY id) AS feedback_ids,
         ARRAY(SELECT event_id::text FROM listen.feedback WHERE tenant_id = $1 AND customer_id = $2
               UNION ALL
               SELECT event_id::text FROM listen.interactions WHERE tenant_id = $1 AND customer_id = $2) AS event_ids,
         ARRAY(SELECT DISTINCT comment FROM listen.feedback
               WHERE tenant_id = $1 AND customer_id = $2 AND comment IS NOT NULL) AS comments,
         ARRAY(SELECT key::text FROM listen.invitations WHERE tenant_id = $1 AND customer_id = $2) AS invitation_keys`,
      [tenantId, customerId],
    );
    return {
      feedbackIds: row.feedback_ids,
      eventIds: row.event_ids,
      comments: row.comments,
      invitationKeys: row.invitation_keys,
    };
  }

  /**
   * Deletes every row naming the customer, and their data keys (`subjects`: the ids topics named them
   * by — their pseudonym, and their own id if the tenant ever put raw ids on topics): every comment
   * sealed for them on a topic is unreadable from this commit on (crypto-shredding). The counts, by table.
   */
  async erase(
    m: EntityManager,
    tenantId: string,
    customerId: string,
    subjects: readonly string[],
  ): Promise<Record<string, number>> {
    const rows: Record<string, number> = {};
    for (const table of CUSTOMER_TABLES) {
      const [, count] = await m.query<[unknown, number]>(
        `DELETE FROM listen.${table} WHERE tenant_id = $1 AND customer_id = $2`,
        [tenantId, customerId],
      );
      rows[`listen.${table}`] = count;
    }
    rows['tenancy.subject_keys'] = await eraseSubjectKeys(m, tenantId, subjects);
    return rows;
  }

  /** Every row naming the customer, by table, as stored (the tenant column left out). */
  async holdings(tenantId: string, customerId: string): Promise<Record<CustomerTable, unknown[]>> {
    const out = {} as Record<CustomerTable, unknown[]>;
    for (const table of CUSTOMER_TABLES) {
      const rows = await this.ds.query<{ row: unknown }[]>(
        `SELECT to_jsonb(t) - 'tenant_id' AS row FROM listen.${table} t WHERE tenant_id = $1 AND customer_id = $2`,
        [tenantId, customerId],
      );
      out[table] = rows.map((r) => r.row);
    }
    return out;
  }

  async create(m: EntityManager, tenantId: string, id: string, at: Date, by: string): Promise<void> {
    await m.query(
      `INSERT INTO listen.erasures (tenant_id, id, requested_at, requested_by) VALUES ($1, $2, $3, $4)`,
      [tenantId, id, at, by],
    );
  }

  /**
   * Records confirmations once each; one for an erasure this tenant never asked for changes
   * nothing (the event's tenant must own the erasure).
   */
  async confirm(m: EntityManager | DataSource, confirmations: readonly PrivacyErasedV1[]): Promise<void> {
    if (confirmations.length === 0) return;
    await m.query(
      `INSERT INTO listen.erasure_confirmations (tenant_id, erasure_id, service, erased_at, rows)
       SELECT c.tenant_id, c.erasure_id, c.service, c.erased_at, c.rows
       FROM json_to_recordset($1::json) AS c(tenant_id text, erasure_id uuid, service text, erased_at timestamptz, rows jsonb)
       JOIN listen.erasures e ON e.tenant_id = c.tenant_id AND e.id = c.erasure_id
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          confirmations.map((c) => ({
            tenant_id: c.tenantId,
            erasure_id: c.erasureId,
            service: c.service,
            erased_at: c.erasedAt,
            rows: c.rows,
          })),
        ),
      ],
    );
  }

  async find(tenantId: string, id: string): Promise<ErasureRow | null> {
    const rows = await this.ds.query<
      {
        requested_at: Date;
        service: ErasingService | null;
        erased_at: Date | null;
        rows: Record<string, number>;
      }[]
    >(
      `SELECT e.requested_at, c.service, c.erased_at, c.rows
       FROM listen.erasures e
       LEFT JOIN listen.erasure_confirmations c ON c.tenant_id = e.tenant_id AND c.erasure_id = e.id
       WHERE e.tenant_id = $1 AND e.id = $2`,
      [tenantId, id],
    );
    if (rows.length === 0) return null;
    const confirmations = new Map<ErasingService, { erasedAt: Date; rows: Record<string, number> }>();
    for (const r of rows)
      if (r.service) confirmations.set(r.service, { erasedAt: r.erased_at!, rows: r.rows });
    return { id, requestedAt: rows[0].requested_at, confirmations };
  }
}
