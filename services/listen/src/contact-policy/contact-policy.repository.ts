import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ContactRule, SurveyContact } from './contact-policy.rules';
import { compositeKey } from '@continuum/contracts';

export interface NewContact {
  readonly tenantId: string;
  readonly kind: 'invitation' | 'feedback';
  readonly id: string;
  readonly customerId: string;
  readonly channel: string | null;
  readonly at: string;
}

export interface NewSkip {
  readonly tenantId: string;
  readonly id: string;
  readonly customerId: string;
  readonly channel: string | null;
  readonly touchpoint: string | null;
  readonly reason: string;
  readonly reasons: readonly string[];
  readonly at: string;
}

export interface SkipCount {
  readonly reason: string;
  readonly channel: string | null;
  readonly touchpoint: string | null;
  readonly count: number;
}

@Injectable()
export class ContactPolicyRepository {
  constructor(private readonly ds: DataSource) {}

  /** One statement; returns the keys inserted (`compositeKey(tenant, id)`), resends are skipped. */
  async addContacts(contacts: readonly NewContact[], m?: EntityManager): Promise<Set<string>> {
    if (contacts.length === 0) return new Set();
    const rows: { tenant_id: string; id: string }[] = await (m ?? this.ds).query(
      `INSERT INTO listen.survey_contacts (tenant_id, kind, id, customer_id, channel, at)
       SELECT t."tenantId", t.kind, t.id, t."customerId", t.channel, t.at
       FROM json_to_recordset($1::json) AS t("tenantId" text, kind text, id text, "customerId" text, channel text, at timestamptz)
       ON CONFLICT DO NOTHING RETURNING tenant_id, id`,
      [JSON.stringify(contacts)],
    );
    return new Set(rows.map((r) => compositeKey(r.tenant_id, r.id)));
  }

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  /**
   * Serialises decisions about the same customers (in a stable order, so two batches never wait
   * on each other crosswise): two invitations decided at once cannot both take the last slot.
   */
  async lockCustomers(keys: readonly string[], m: EntityManager): Promise<void> {
    for (const k of [...new Set(keys)].sort())
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`listen.contact:${k}`]);
  }

  /** Of these invitation ids, those already counted or skipped. */
  async knownInvitations(tenantId: string, ids: readonly string[], m: EntityManager): Promise<Set<string>> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM listen.survey_contacts WHERE tenant_id = $1 AND kind = 'invitation' AND id = ANY($2)
       UNION SELECT id FROM listen.invitation_skips WHERE tenant_id = $1 AND id = ANY($2)`,
      [tenantId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async addSkips(skips: readonly NewSkip[], m: EntityManager): Promise<void> {
    if (skips.length === 0) return;
    await m.query(
      `INSERT INTO listen.invitation_skips (tenant_id, id, customer_id, channel, touchpoint, reason, reasons, at)
       SELECT t."tenantId", t.id, t."customerId", t.channel, t.touchpoint, t.reason, t.reasons, t.at
       FROM json_to_recordset($1::json) AS t("tenantId" text, id text, "customerId" text, channel text, touchpoint text, reason text, reasons jsonb, at timestamptz)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(skips)],
    );
  }

  /** Skipped invitations in [since, until), counted by reason, channel and touchpoint. */
  async skipCounts(tenantId: string, since: Date, until: Date): Promise<SkipCount[]> {
    const rows: { reason: string; channel: string | null; touchpoint: string | null; n: string }[] =
      await this.ds.query(
        `SELECT reason, channel, touchpoint, count(*) AS n FROM listen.invitation_skips
         WHERE tenant_id = $1 AND at >= $2 AND at < $3
         GROUP BY reason, channel, touchpoint ORDER BY reason, channel NULLS FIRST, touchpoint NULLS FIRST`,
        [tenantId, since, until],
      );
    return rows.map((r) => ({
      reason: r.reason,
      channel: r.channel,
      touchpoint: r.touchpoint,
      count: Number(r.n),
    }));
  }

  async contactsSince(
    tenantId: string,
    customerId: string,
    since: Date,
    m?: EntityManager,
  ): Promise<SurveyContact[]> {
    const rows: { at: Date; channel: string | null }[] = await (m ?? this.ds).query(
      `SELECT at, channel FROM listen.survey_contacts WHERE tenant_id = $1 AND customer_id = $2 AND at > $3 ORDER BY at DESC LIMIT 1000`,
      [tenantId, customerId, since],
    );
    return rows.map((r) => ({ at: r.at, channel: r.channel }));
  }

  /** Of these customers of the tenant, those who opted out. */
  async optedOut(tenantId: string, customerIds: readonly string[], m?: EntityManager): Promise<Set<string>> {
    const rows: { customer_id: string }[] = await (m ?? this.ds).query(
      `SELECT customer_id FROM listen.contact_opt_outs WHERE tenant_id = $1 AND customer_id = ANY($2)`,
      [tenantId, customerIds],
    );
    return new Set(rows.map((r) => r.customer_id));
  }

  /** The first opt-out stands; a repeated one changes nothing. */
  async optOut(
    items: readonly { tenantId: string; customerId: string; source: string; at: string }[],
  ): Promise<void> {
    if (items.length === 0) return;
    await this.ds.query(
      `INSERT INTO listen.contact_opt_outs (tenant_id, customer_id, source, at)
       SELECT t."tenantId", t."customerId", t.source, t.at
       FROM json_to_recordset($1::json) AS t("tenantId" text, "customerId" text, source text, at timestamptz)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(items)],
    );
  }

  async rules(tenantId: string, m?: EntityManager): Promise<ContactRule[] | null> {
    const rows: { rules: ContactRule[] }[] = await (m ?? this.ds).query(
      `SELECT rules FROM listen.contact_policies WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0]?.rules ?? null;
  }

  async saveRules(tenantId: string, rules: readonly ContactRule[]): Promise<void> {
    await this.ds.query(
      `INSERT INTO listen.contact_policies (tenant_id, rules) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET rules = EXCLUDED.rules, updated_at = now()`,
      [tenantId, JSON.stringify(rules)],
    );
  }
}
