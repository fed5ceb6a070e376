import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "You said, we did" messages: one row per closed loop and customer (the primary key is what
 * makes a redelivered `cx.loop.closed.v1` tell nobody twice), sent or skipped with the reason.
 * `key` is the random id the opt-out link carries. The tenant's message template, and customers'
 * opt-outs, which the contact policy honours before any rule.
 */
export class LoopMessages1765400000003 implements MigrationInterface {
  name = 'LoopMessages1765400000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE listen.loop_messages (
      tenant_id text NOT NULL,
      action_id text NOT NULL,
      customer_id text NOT NULL,
      key uuid NOT NULL UNIQUE,
      channel text,
      address text,
      language text NOT NULL,
      subject text,
      body text,
      status text NOT NULL CHECK (status IN ('queued', 'sent', 'bounced', 'failed', 'skipped')),
      reason text,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      send_after timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, action_id, customer_id)
    )`);
    await q.query(
      `CREATE INDEX loop_messages_due ON listen.loop_messages (send_after) WHERE status = 'queued'`,
    );
    await q.query(`CREATE TABLE listen.loop_message_templates (
      tenant_id text PRIMARY KEY,
      template jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE listen.contact_opt_outs (
      tenant_id text NOT NULL,
      customer_id text NOT NULL,
      source text NOT NULL,
      at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, customer_id)
    )`);
    // Whether a customer a loop names agreed to be contacted on some answer.
    await q.query(
      `CREATE INDEX feedback_consenting_customer ON listen.feedback (tenant_id, customer_id) WHERE consent_to_contact`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX listen.feedback_consenting_customer`);
    await q.query(`DROP TABLE listen.contact_opt_outs`);
    await q.query(`DROP TABLE listen.loop_message_templates`);
    await q.query(`DROP TABLE listen.loop_messages`);
  }
}
