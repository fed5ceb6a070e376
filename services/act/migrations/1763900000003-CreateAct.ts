import { dropMessagingTables, messagingTables, sqlMigration } from '@continuum/persistence';

export const CreateAct1763900000003 = sqlMigration('CreateAct1763900000003', {
  up: [
    ...messagingTables('act'),
    `CREATE TABLE act.actions (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      dedup_key text NOT NULL,
      loop text NOT NULL CHECK (loop IN ('inner', 'outer')),
      title text NOT NULL,
      description text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved', 'verified', 'reopened', 'cancelled')),
      owner text NOT NULL,
      category text NOT NULL,
      priority text NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'critical')),
      stage text,
      touchpoint text,
      customer_id text,
      source_event_id text NOT NULL,
      sla_hours integer NOT NULL,
      due_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
    // One live action per dedup key (a gap, or a customer's follow-up).
    `CREATE UNIQUE INDEX actions_live_dedup ON act.actions (tenant_id, dedup_key)
      WHERE status IN ('open', 'acknowledged', 'reopened')`,
    `CREATE INDEX actions_tenant_status ON act.actions (tenant_id, status, created_at)`,
    `CREATE TABLE act.action_history (
      id bigserial PRIMARY KEY,
      action_id uuid NOT NULL REFERENCES act.actions(id),
      change text NOT NULL,
      actor text NOT NULL,
      comment text,
      source_event_id text,
      at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX action_history_action ON act.action_history (action_id, id)`,
  ],
  down: [`DROP TABLE act.action_history`, `DROP TABLE act.actions`, ...dropMessagingTables('act')],
});
