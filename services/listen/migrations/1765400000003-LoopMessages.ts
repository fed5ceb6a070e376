import { perTenantTable, sqlMigration } from '@continuum/persistence';

/**
 * "You said, we did" messages: one row per closed loop and customer (the primary key is what
 * makes a redelivered `cx.loop.closed.v1` tell nobody twice), sent or skipped with the reason.
 * `key` is the random id the opt-out link carries. The tenant's message template, and customers'
 * opt-outs, which the contact policy honours before any rule.
 */
export const LoopMessages1765400000003 = sqlMigration('LoopMessages1765400000003', {
  up: [
    `CREATE TABLE listen.loop_messages (
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
    )`,
    `CREATE INDEX loop_messages_due ON listen.loop_messages (send_after) WHERE status = 'queued'`,
    perTenantTable('listen.loop_message_templates', ['template jsonb NOT NULL']),
    `CREATE TABLE listen.contact_opt_outs (
      tenant_id text NOT NULL,
      customer_id text NOT NULL,
      source text NOT NULL,
      at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, customer_id)
    )`,
    // Whether a customer a loop names agreed to be contacted on some answer.
    `CREATE INDEX feedback_consenting_customer ON listen.feedback (tenant_id, customer_id) WHERE consent_to_contact`,
  ],
  down: [
    `DROP INDEX listen.feedback_consenting_customer`,
    `DROP TABLE listen.contact_opt_outs`,
    `DROP TABLE listen.loop_message_templates`,
    `DROP TABLE listen.loop_messages`,
  ],
});
