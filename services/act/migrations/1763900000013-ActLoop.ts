import { sqlMigration } from '@continuum/persistence';

/**
 * The whole act loop: playbooks, lifecycle and escalation columns, gap verification, contacts
 * for "you said, we did", systemic evidence, and webhook subscriptions, deliveries and attempts.
 */
export const ActLoop1763900000013 = sqlMigration('ActLoop1763900000013', {
  up: [
    `CREATE TABLE act.playbooks (
      tenant_id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      document jsonb NOT NULL,
      source text,
      source_format text NOT NULL CHECK (source_format IN ('json', 'yaml')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, version)
    )`,

    `ALTER TABLE act.actions
      ALTER COLUMN sla_hours TYPE double precision,
      ADD COLUMN rule text,
      ADD COLUMN playbook_version integer NOT NULL DEFAULT 0,
      ADD COLUMN escalation_chain text[] NOT NULL DEFAULT '{}',
      ADD COLUMN escalation_level integer NOT NULL DEFAULT 0,
      ADD COLUMN stage_owner text,
      ADD COLUMN gap_key text,
      ADD COLUMN indicator text,
      ADD COLUMN scope_kind text,
      ADD COLUMN scope_id text,
      ADD COLUMN gap jsonb,
      ADD COLUMN gap_detected_at timestamptz,
      ADD COLUMN verify_cycles integer,
      ADD COLUMN verify_alpha double precision,
      ADD COLUMN verify_min_sample integer,
      ADD COLUMN root_cause text,
      ADD COLUMN effort double precision,
      ADD COLUMN cost double precision,
      ADD COLUMN acknowledged_at timestamptz,
      ADD COLUMN resolved_at timestamptz,
      ADD COLUMN verified_at timestamptz`,
    // One live action per key; an action from a gap that is resolved still holds the gap's key
    // while verification watches it (a follow-up, once resolved, lets the next one open).
    `DROP INDEX act.actions_live_dedup`,
    `CREATE UNIQUE INDEX actions_live_dedup ON act.actions (tenant_id, dedup_key)
      WHERE status IN ('open', 'acknowledged', 'reopened') OR (status = 'resolved' AND gap_key IS NOT NULL)`,
    `CREATE INDEX actions_tenant_owner ON act.actions (tenant_id, owner, created_at)`,
    `CREATE INDEX actions_due ON act.actions (due_at)
      WHERE status IN ('open', 'acknowledged', 'reopened')`,
    `CREATE INDEX actions_watching ON act.actions (tenant_id, scope_kind, scope_id, indicator)
      WHERE status = 'resolved' AND gap IS NOT NULL`,
    `CREATE INDEX actions_root_cause ON act.actions (tenant_id, stage, root_cause, resolved_at)
      WHERE loop = 'inner' AND root_cause IS NOT NULL`,

    `CREATE TABLE act.action_evidence (
      action_id uuid NOT NULL REFERENCES act.actions(id),
      evidence_action_id uuid NOT NULL REFERENCES act.actions(id),
      PRIMARY KEY (action_id, evidence_action_id)
    )`,

    // Latest observation of a watched scope and indicator in each cycle after resolution.
    `CREATE TABLE act.watch_observations (
      action_id uuid NOT NULL REFERENCES act.actions(id),
      resolution integer NOT NULL,
      cycle_start timestamptz NOT NULL,
      cycle_end timestamptz NOT NULL,
      value double precision,
      n integer NOT NULL,
      ci_low double precision,
      ci_high double precision,
      observed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (action_id, resolution, cycle_start)
    )`,
    `ALTER TABLE act.actions ADD COLUMN resolutions integer NOT NULL DEFAULT 0`,
    `CREATE TABLE act.verifications (
      id bigserial PRIMARY KEY,
      action_id uuid NOT NULL REFERENCES act.actions(id),
      tenant_id text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('verified', 'not-recovered')),
      cycle_start timestamptz,
      value double precision,
      reference double precision,
      gap_value double precision,
      points_recovered double precision,
      cycles_watched integer NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX verifications_tenant ON act.verifications (tenant_id, at)`,

    // Unhappy answers of customers who agreed to be contacted: who to tell when a gap closes.
    `CREATE TABLE act.contacts (
      tenant_id text NOT NULL,
      feedback_id text NOT NULL,
      customer_id text NOT NULL,
      touchpoint text NOT NULL,
      stage text,
      channel text,
      segment jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      nps smallint,
      csat smallint,
      ces smallint,
      emoji smallint,
      sentiment double precision,
      PRIMARY KEY (tenant_id, feedback_id)
    )`,
    `CREATE INDEX contacts_time ON act.contacts (tenant_id, occurred_at)`,

    `CREATE TABLE act.webhooks (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      url text NOT NULL,
      event_types text[] NOT NULL,
      secret text NOT NULL,
      description text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX webhooks_tenant ON act.webhooks (tenant_id) WHERE active`,
    `CREATE TABLE act.webhook_deliveries (
      id uuid PRIMARY KEY,
      webhook_id uuid NOT NULL REFERENCES act.webhooks(id),
      tenant_id text NOT NULL,
      event_type text NOT NULL,
      event_id text NOT NULL,
      payload text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_status_code integer,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz
    )`,
    `CREATE INDEX webhook_deliveries_due ON act.webhook_deliveries (next_attempt_at)
      WHERE status = 'pending'`,
    `CREATE INDEX webhook_deliveries_hook ON act.webhook_deliveries (webhook_id, created_at)`,
    `CREATE TABLE act.webhook_attempts (
      delivery_id uuid NOT NULL REFERENCES act.webhook_deliveries(id),
      attempt integer NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      status_code integer,
      error text,
      duration_ms integer NOT NULL,
      PRIMARY KEY (delivery_id, attempt)
    )`,
  ],
  down: [
    `DROP TABLE act.webhook_attempts`,
    `DROP TABLE act.webhook_deliveries`,
    `DROP TABLE act.webhooks`,
    `DROP TABLE act.contacts`,
    `DROP TABLE act.verifications`,
    `DROP TABLE act.watch_observations`,
    `DROP TABLE act.action_evidence`,
    `DROP INDEX act.actions_live_dedup`,
    `DROP INDEX act.actions_tenant_owner`,
    `DROP INDEX act.actions_due`,
    `DROP INDEX act.actions_watching`,
    `DROP INDEX act.actions_root_cause`,
    // Fails if a resolved outer-loop action and a live one share a key: resolve that by hand first.
    `CREATE UNIQUE INDEX actions_live_dedup ON act.actions (tenant_id, dedup_key)
      WHERE status IN ('open', 'acknowledged', 'reopened')`,
    `ALTER TABLE act.actions
      DROP COLUMN resolutions, DROP COLUMN rule, DROP COLUMN playbook_version, DROP COLUMN escalation_chain,
      DROP COLUMN escalation_level, DROP COLUMN stage_owner, DROP COLUMN gap_key, DROP COLUMN indicator,
      DROP COLUMN scope_kind, DROP COLUMN scope_id, DROP COLUMN gap, DROP COLUMN gap_detected_at,
      DROP COLUMN verify_cycles, DROP COLUMN verify_alpha, DROP COLUMN verify_min_sample, DROP COLUMN root_cause,
      DROP COLUMN effort, DROP COLUMN cost, DROP COLUMN acknowledged_at, DROP COLUMN resolved_at,
      DROP COLUMN verified_at,
      ALTER COLUMN sla_hours TYPE integer USING ceil(sla_hours)::integer`,
    `DROP TABLE act.playbooks`,
  ],
});
