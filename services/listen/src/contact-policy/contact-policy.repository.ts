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

  async contactsSince(tenantId: string, customerId: string, since: Date): Promise<SurveyContact[]> {
    const rows: { at: Date; channel: string | null }[] = await this.ds.query(
      `SELECT at, channel FROM listen.survey_contacts WHERE tenant_id = $1 AND customer_id = $2 AND at > $3 ORDER BY at DESC LIMIT 1000`,
      [tenantId, customerId, since],
    );
    return rows.map((r) => ({ at: r.at, channel: r.channel }));
  }

  async rules(tenantId: string): Promise<ContactRule[] | null> {
    const rows: { rules: ContactRule[] }[] = await this.ds.query(
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
