import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { LoopTemplate } from './template';

/** What listen knows of a customer named by a closed loop. */
export interface LoopRecipient {
  readonly customerId: string;
  readonly email: string | null;
  readonly language: 'it' | 'en' | null;
  /** The customer agreed to be contacted on at least one answer listen holds. */
  readonly consented: boolean;
  readonly optedOut: boolean;
}

export interface NewLoopMessage {
  readonly tenantId: string;
  readonly actionId: string;
  readonly customerId: string;
  /** The customer as topics name them (the loop's id): what collect publishes on an opt-out. */
  readonly topicCustomerId: string;
  readonly key: string;
  readonly channel: string | null;
  readonly address: string | null;
  readonly language: 'it' | 'en';
  readonly subject: string | null;
  readonly body: string | null;
  readonly status: 'queued' | 'skipped';
  readonly reason: string | null;
}

export interface DueLoopMessage {
  readonly tenantId: string;
  readonly actionId: string;
  readonly customerId: string;
  readonly address: string;
  readonly subject: string;
  readonly body: string;
  readonly attempts: number;
}

@Injectable()
export class LoopMessagesRepository {
  constructor(private readonly ds: DataSource) {}

  async template(tenantId: string): Promise<LoopTemplate | null> {
    const rows: { template: LoopTemplate }[] = await this.ds.query(
      `SELECT template FROM listen.loop_message_templates WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0]?.template ?? null;
  }

  async saveTemplate(tenantId: string, template: LoopTemplate): Promise<void> {
    await this.ds.query(
      `INSERT INTO listen.loop_message_templates (tenant_id, template) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET template = EXCLUDED.template, updated_at = now()`,
      [tenantId, JSON.stringify(template)],
    );
  }

  async recipients(tenantId: string, customerIds: readonly string[]): Promise<LoopRecipient[]> {
    const rows: LoopRecipient[] = await this.ds.query(
      `SELECT c.id AS "customerId", k.email, k.language,
              EXISTS (SELECT 1 FROM listen.feedback f
                      WHERE f.tenant_id = $1 AND f.customer_id = c.id AND f.consent_to_contact) AS consented,
              EXISTS (SELECT 1 FROM listen.contact_opt_outs o
                      WHERE o.tenant_id = $1 AND o.customer_id = c.id) AS "optedOut"
       FROM unnest($2::text[]) AS c(id)
       LEFT JOIN listen.customer_contacts k ON k.tenant_id = $1 AND k.customer_id = c.id`,
      [tenantId, customerIds],
    );
    return rows;
  }

  /** One message per loop and customer: a redelivered loop inserts nothing. */
  async add(messages: readonly NewLoopMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.ds.query(
      `INSERT INTO listen.loop_messages (tenant_id, action_id, customer_id, topic_customer_id, key, channel, address,
         language, subject, body, status, reason)
       SELECT t."tenantId", t."actionId", t."customerId", t."topicCustomerId", t.key, t.channel, t.address, t.language,
         t.subject, t.body, t.status, t.reason
       FROM json_to_recordset($1::json) AS t("tenantId" text, "actionId" text, "customerId" text, "topicCustomerId" text,
         key uuid, channel text, address text, language text, subject text, body text, status text, reason text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(messages)],
    );
  }

  /** Due messages, locked for this sender until its transaction ends (others skip them). */
  async claimDue(limit: number, m: EntityManager): Promise<DueLoopMessage[]> {
    return m.query(
      `SELECT tenant_id AS "tenantId", action_id AS "actionId", customer_id AS "customerId", address, subject, body, attempts
       FROM listen.loop_messages WHERE status = 'queued' AND send_after <= now()
       ORDER BY send_after LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async mark(
    msg: DueLoopMessage,
    status: 'sent' | 'bounced' | 'failed' | 'queued',
    error: string | null,
    retryAt: Date | null,
    m: EntityManager,
  ): Promise<void> {
    await m.query(
      `UPDATE listen.loop_messages SET status = $4, attempts = attempts + 1, last_error = $5,
         send_after = coalesce($6, send_after), sent_at = CASE WHEN $4 = 'sent' THEN now() ELSE sent_at END
       WHERE tenant_id = $1 AND action_id = $2 AND customer_id = $3`,
      [msg.tenantId, msg.actionId, msg.customerId, status, error?.slice(0, 500) ?? null, retryAt],
    );
  }
}
