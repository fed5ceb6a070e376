import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@continuum/persistence';

export class CreateAct1763900000003 implements MigrationInterface {
  name = 'CreateAct1763900000003';

  async up(q: QueryRunner): Promise<void> {
    await createMessagingTables(q, 'act');
    await q.query(`CREATE TABLE act.actions (
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
    )`);
    // One live action per dedup key (a gap, or a customer's follow-up).
    await q.query(`CREATE UNIQUE INDEX actions_live_dedup ON act.actions (tenant_id, dedup_key)
      WHERE status IN ('open', 'acknowledged', 'reopened')`);
    await q.query(`CREATE INDEX actions_tenant_status ON act.actions (tenant_id, status, created_at)`);
    await q.query(`CREATE TABLE act.action_history (
      id bigserial PRIMARY KEY,
      action_id uuid NOT NULL REFERENCES act.actions(id),
      change text NOT NULL,
      actor text NOT NULL,
      comment text,
      source_event_id text,
      at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX action_history_action ON act.action_history (action_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE act.action_history`);
    await q.query(`DROP TABLE act.actions`);
    await dropMessagingTables(q, 'act');
  }
}
