import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ActionChange, ActionStatus, ActionView } from '@continuum/contracts';

interface Row {
  id: string;
  tenant_id: string;
  dedup_key: string;
  loop: ActionView['loop'];
  title: string;
  description: string;
  status: ActionStatus;
  owner: string;
  category: ActionView['category'];
  priority: ActionView['priority'];
  stage: string | null;
  touchpoint: string | null;
  customer_id: string | null;
  source_event_id: string;
  sla_hours: number;
  due_at: Date;
  created_at: Date;
  updated_at: Date;
}

function fromRow(r: Row): ActionView {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    dedupKey: r.dedup_key,
    loop: r.loop,
    title: r.title,
    description: r.description,
    status: r.status,
    owner: r.owner,
    category: r.category,
    priority: r.priority,
    stage: r.stage,
    touchpoint: r.touchpoint,
    customerId: r.customer_id,
    sourceEventId: r.source_event_id,
    slaHours: r.sla_hours,
    dueAt: r.due_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export interface ActionFilter {
  readonly status?: ActionStatus;
  readonly owner?: string;
  readonly limit: number;
  readonly offset: number;
}

export interface HistoryEntry {
  readonly change: ActionChange;
  readonly actor: string;
  readonly comment: string | null;
  readonly at: string;
}

@Injectable()
export class ActionsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Inserts, in one statement, the actions whose dedup key no live action holds; returns their ids. */
  async insertNew(m: EntityManager, actions: readonly ActionView[]): Promise<Set<string>> {
    if (actions.length === 0) return new Set();
    const col = <K extends keyof ActionView>(k: K) => actions.map((a) => a[k]);
    const rows: { id: string }[] = await m.query(
      `INSERT INTO act.actions (id, tenant_id, dedup_key, loop, title, description, status, owner, category, priority,
         stage, touchpoint, customer_id, source_event_id, sla_hours, due_at, created_at, updated_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::timestamptz[],
         $17::timestamptz[], $18::timestamptz[])
       ON CONFLICT (tenant_id, dedup_key) WHERE status IN ('open', 'acknowledged', 'reopened') DO NOTHING
       RETURNING id`,
      [
        col('id'),
        col('tenantId'),
        col('dedupKey'),
        col('loop'),
        col('title'),
        col('description'),
        col('status'),
        col('owner'),
        col('category'),
        col('priority'),
        col('stage'),
        col('touchpoint'),
        col('customerId'),
        col('sourceEventId'),
        col('slaHours'),
        col('dueAt'),
        col('createdAt'),
        col('updatedAt'),
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  async findLiveByDedupKey(m: EntityManager, tenantId: string, dedupKey: string): Promise<ActionView | null> {
    const rows: Row[] = await m.query(
      `SELECT * FROM act.actions WHERE tenant_id = $1 AND dedup_key = $2 AND status IN ('open', 'acknowledged', 'reopened')`,
      [tenantId, dedupKey],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async addHistory(
    m: EntityManager,
    entries: readonly {
      actionId: string;
      change: ActionChange;
      actor: string;
      comment: string | null;
      sourceEventId: string | null;
    }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    await m.query(
      `INSERT INTO act.action_history (action_id, change, actor, comment, source_event_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        entries.map((e) => e.actionId),
        entries.map((e) => e.change),
        entries.map((e) => e.actor),
        entries.map((e) => e.comment),
        entries.map((e) => e.sourceEventId),
      ],
    );
  }

  async list(tenantId: string, f: ActionFilter): Promise<ActionView[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM act.actions
       WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR owner = $3)
       ORDER BY created_at DESC, id LIMIT $4 OFFSET $5`,
      [tenantId, f.status ?? null, f.owner ?? null, f.limit, f.offset],
    );
    return rows.map(fromRow);
  }

  async findOne(tenantId: string, id: string): Promise<ActionView | null> {
    const rows: Row[] = await this.ds.query(`SELECT * FROM act.actions WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      id,
    ]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async history(actionId: string): Promise<HistoryEntry[]> {
    const rows: { change: ActionChange; actor: string; comment: string | null; at: Date }[] =
      await this.ds.query(
        `SELECT change, actor, comment, at FROM act.action_history WHERE action_id = $1 ORDER BY id`,
        [actionId],
      );
    return rows.map((r) => ({
      change: r.change,
      actor: r.actor,
      comment: r.comment,
      at: r.at.toISOString(),
    }));
  }
}
