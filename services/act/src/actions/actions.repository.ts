/**
 * The action store (`act.actions`, `act.action_history`). Every statement is set-based: a batch
 * of events costs a fixed number of round trips, whatever its size.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OutcomeRow } from './effectiveness';
import type {
  ActionChange,
  ActionPriority,
  ActionStatus,
  ActionView,
  GapDetectedV1,
  ScopeKind,
} from '@continuum/contracts';
import { compositeKey } from '@continuum/contracts';

export const LIVE: readonly ActionStatus[] = ['open', 'acknowledged', 'reopened'];

export interface ActionRow {
  id: string;
  tenant_id: string;
  dedup_key: string;
  loop: ActionView['loop'];
  title: string;
  description: string;
  status: ActionStatus;
  owner: string;
  category: ActionView['category'];
  priority: ActionPriority;
  stage: string | null;
  touchpoint: string | null;
  customer_id: string | null;
  source_event_id: string;
  sla_hours: number;
  due_at: Date;
  created_at: Date;
  updated_at: Date;
  rule: string | null;
  playbook_version: number;
  escalation_chain: string[];
  escalation_level: number;
  stage_owner: string | null;
  gap_key: string | null;
  indicator: string | null;
  scope_kind: ScopeKind | null;
  scope_id: string | null;
  gap: GapDetectedV1 | null;
  gap_detected_at: Date | null;
  verify_cycles: number | null;
  verify_alpha: number | null;
  verify_min_sample: number | null;
  resolutions: number;
  root_cause: string | null;
  effort: number | null;
  cost: number | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  verified_at: Date | null;
  external_ref?: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function fromRow(r: ActionRow): ActionView {
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
    rule: r.rule,
    playbookVersion: r.playbook_version,
    escalationChain: r.escalation_chain,
    escalationLevel: r.escalation_level,
    gapKey: r.gap_key,
    indicator: r.indicator,
    scope: r.scope_kind && r.scope_id ? { kind: r.scope_kind, id: r.scope_id } : null,
    rootCause: r.root_cause,
    effort: r.effort,
    cost: r.cost,
    resolvedAt: iso(r.resolved_at),
    verifiedAt: iso(r.verified_at),
    externalRef: r.external_ref ?? null,
  };
}

/** A new action and what act keeps about it beyond its public view. */
export interface NewAction {
  readonly view: ActionView;
  /** The owning team of the stage (journey map), kept for systemic actions. */
  readonly stageOwner: string | null;
  readonly gap: GapDetectedV1 | null;
  readonly gapDetectedAt: string | null;
  readonly verification: { cycles: number; alpha: number; minSample: number } | null;
}

export interface ActionFilter {
  readonly status?: ActionStatus;
  readonly owner?: string;
  readonly stage?: string;
  readonly priority?: ActionPriority;
  readonly loop?: ActionView['loop'];
  readonly overdue?: boolean;
  readonly limit: number;
  readonly offset: number;
}

export interface HistoryEntry {
  readonly change: ActionChange;
  readonly actor: string;
  /** Who, for people to read: the person's name, the key's prefix, or `continuum`. */
  readonly actorName: string;
  readonly comment: string | null;
  readonly at: string;
}

export interface VerificationView {
  readonly outcome: 'verified' | 'not-recovered';
  readonly cycleStart: string | null;
  readonly value: number | null;
  readonly reference: number | null;
  readonly gapValue: number | null;
  readonly pointsRecovered: number | null;
  readonly cyclesWatched: number;
  readonly at: string;
}

export interface NewHistory {
  readonly actionId: string;
  readonly change: ActionChange;
  readonly actor: string;
  readonly actorName: string | null;
  readonly comment: string | null;
  readonly sourceEventId: string | null;
  readonly at: string;
}

@Injectable()
export class ActionsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Inserts, in one statement, the actions whose dedup key no live action holds; returns their ids. */
  async insertNew(m: EntityManager, actions: readonly NewAction[]): Promise<Set<string>> {
    if (actions.length === 0) return new Set();
    const v = <K extends keyof ActionView>(k: K) => actions.map((a) => a.view[k]);
    const rows: { id: string }[] = await m.query(
      `INSERT INTO act.actions (id, tenant_id, dedup_key, loop, title, description, status, owner, category, priority,
         stage, touchpoint, customer_id, source_event_id, sla_hours, due_at, created_at, updated_at,
         rule, playbook_version, escalation_chain, stage_owner, gap_key, indicator, scope_kind, scope_id,
         gap, gap_detected_at, verify_cycles, verify_alpha, verify_min_sample, effort, cost)
       SELECT u.id, u.tenant_id, u.dedup_key, u.loop, u.title, u.description, u.status, u.owner, u.category,
         u.priority, u.stage, u.touchpoint, u.customer_id, u.source_event_id, u.sla_hours, u.due_at, u.created_at,
         u.updated_at, u.rule, u.playbook_version,
         string_to_array(u.escalation_chain, E'\\x1f'), u.stage_owner, u.gap_key, u.indicator,
         u.scope_kind, u.scope_id, u.gap, u.gap_detected_at, u.verify_cycles, u.verify_alpha,
         u.verify_min_sample, u.effort, u.cost
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::float8[],
         $16::timestamptz[], $17::timestamptz[], $18::timestamptz[], $19::text[], $20::int[], $21::text[],
         $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::jsonb[], $28::timestamptz[],
         $29::int[], $30::float8[], $31::int[], $32::float8[], $33::float8[])
         AS u(id, tenant_id, dedup_key, loop, title, description, status, owner, category, priority, stage,
           touchpoint, customer_id, source_event_id, sla_hours, due_at, created_at, updated_at, rule,
           playbook_version, escalation_chain, stage_owner, gap_key, indicator, scope_kind, scope_id, gap,
           gap_detected_at, verify_cycles, verify_alpha, verify_min_sample, effort, cost)
       ON CONFLICT (tenant_id, dedup_key)
         WHERE status IN ('open', 'acknowledged', 'reopened') OR (status = 'resolved' AND gap_key IS NOT NULL)
         DO NOTHING
       RETURNING id`,
      [
        v('id'),
        v('tenantId'),
        v('dedupKey'),
        v('loop'),
        v('title'),
        v('description'),
        v('status'),
        v('owner'),
        v('category'),
        v('priority'),
        v('stage'),
        v('touchpoint'),
        v('customerId'),
        v('sourceEventId'),
        v('slaHours'),
        v('dueAt'),
        v('createdAt'),
        v('updatedAt'),
        v('rule'),
        v('playbookVersion'),
        // Team names never hold U+001F (playbook validation), so it separates them.
        actions.map((a) => a.view.escalationChain.join('\u001f')),
        actions.map((a) => a.stageOwner),
        v('gapKey'),
        v('indicator'),
        actions.map((a) => a.view.scope?.kind ?? null),
        actions.map((a) => a.view.scope?.id ?? null),
        actions.map((a) => (a.gap ? JSON.stringify(a.gap) : null)),
        actions.map((a) => a.gapDetectedAt),
        actions.map((a) => a.verification?.cycles ?? null),
        actions.map((a) => a.verification?.alpha ?? null),
        actions.map((a) => a.verification?.minSample ?? null),
        v('effort'),
        v('cost'),
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Opens the first of a batch's new actions per dedup key (the others add evidence to it) and
   * finds the live actions holding the keys of those not opened: `holder` gives an action's.
   */
  async openFirstPerKey(
    m: EntityManager,
    actions: readonly NewAction[],
  ): Promise<{ inserted: Set<string>; holder: (a: NewAction) => ActionRow | undefined }> {
    const firstByKey = new Map<string, NewAction>();
    for (const a of actions) {
      const k = compositeKey(a.view.tenantId, a.view.dedupKey);
      if (!firstByKey.has(k)) firstByKey.set(k, a);
    }
    const inserted = await this.insertNew(m, [...firstByKey.values()]);
    const holding = await this.findHolding(
      m,
      actions
        .filter((a) => !inserted.has(a.view.id))
        .map((a) => ({ tenantId: a.view.tenantId, dedupKey: a.view.dedupKey })),
    );
    return { inserted, holder: (a) => holding.get(compositeKey(a.view.tenantId, a.view.dedupKey)) };
  }

  /** The actions holding these dedup keys, in one query; keyed by `tenant\0key`. */
  async findHolding(
    m: EntityManager,
    keys: readonly { tenantId: string; dedupKey: string }[],
  ): Promise<Map<string, ActionRow>> {
    if (keys.length === 0) return new Map();
    const rows: ActionRow[] = await m.query(
      `SELECT a.* FROM act.actions a
       JOIN unnest($1::text[], $2::text[]) AS k(tenant_id, dedup_key)
         ON a.tenant_id = k.tenant_id AND a.dedup_key = k.dedup_key
       WHERE (a.status IN ('open', 'acknowledged', 'reopened') OR (a.status = 'resolved' AND a.gap_key IS NOT NULL))`,
      [keys.map((k) => k.tenantId), keys.map((k) => k.dedupKey)],
    );
    return new Map(rows.map((r) => [compositeKey(r.tenant_id, r.dedup_key), r]));
  }

  async addHistory(m: EntityManager, entries: readonly NewHistory[]): Promise<void> {
    if (entries.length === 0) return;
    await m.query(
      `INSERT INTO act.action_history (action_id, change, actor, comment, source_event_id, at, actor_name)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])`,
      [
        entries.map((e) => e.actionId),
        entries.map((e) => e.change),
        entries.map((e) => e.actor),
        entries.map((e) => e.comment),
        entries.map((e) => e.sourceEventId),
        entries.map((e) => e.at),
        entries.map((e) => e.actorName),
      ],
    );
  }

  async list(tenantId: string, f: ActionFilter): Promise<{ items: ActionView[]; total: number }> {
    const rows: (ActionRow & { total: string })[] = await this.ds.query(
      `SELECT *, count(*) OVER () AS total FROM act.actions
       WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR owner = $3)
         AND ($4::text IS NULL OR stage = $4) AND ($5::text IS NULL OR priority = $5)
         AND ($6::text IS NULL OR loop = $6)
         AND ($7::boolean IS NULL OR ($7 = (status IN ('open', 'acknowledged', 'reopened') AND due_at < now())))
       ORDER BY created_at DESC, id LIMIT $8 OFFSET $9`,
      [
        tenantId,
        f.status ?? null,
        f.owner ?? null,
        f.stage ?? null,
        f.priority ?? null,
        f.loop ?? null,
        f.overdue ?? null,
        f.limit,
        f.offset,
      ],
    );
    return { items: rows.map(fromRow), total: rows[0] ? Number(rows[0].total) : 0 };
  }

  async findRow(
    m: EntityManager | DataSource,
    tenantId: string,
    id: string,
    lock = false,
  ): Promise<ActionRow | null> {
    const rows: ActionRow[] = await m.query(
      `SELECT * FROM act.actions WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  async findOne(tenantId: string, id: string): Promise<ActionView | null> {
    const r = await this.findRow(this.ds, tenantId, id);
    return r ? fromRow(r) : null;
  }

  async history(actionId: string): Promise<HistoryEntry[]> {
    const rows: {
      change: ActionChange;
      actor: string;
      actor_name: string | null;
      comment: string | null;
      at: Date;
    }[] = await this.ds.query(
      `SELECT change, actor, actor_name, comment, at FROM act.action_history WHERE action_id = $1 ORDER BY id`,
      [actionId],
    );
    return rows.map((r) => ({
      change: r.change,
      actor: r.actor,
      // Before people signed in, the actor was a free-text name or `key:<prefix>`.
      actorName: r.actor_name ?? r.actor.replace(/^key:/, ''),
      comment: r.comment,
      at: r.at.toISOString(),
    }));
  }

  async evidence(actionId: string): Promise<string[]> {
    const rows: { evidence_action_id: string }[] = await this.ds.query(
      `SELECT evidence_action_id FROM act.action_evidence WHERE action_id = $1 ORDER BY evidence_action_id`,
      [actionId],
    );
    return rows.map((r) => r.evidence_action_id);
  }

  /** The verification outcomes recorded on an action, oldest first. */
  async verifications(actionId: string): Promise<VerificationView[]> {
    const rows: {
      outcome: VerificationView['outcome'];
      cycle_start: Date | null;
      value: number | null;
      reference: number | null;
      gap_value: number | null;
      points_recovered: number | null;
      cycles_watched: number;
      at: Date;
    }[] = await this.ds.query(`SELECT * FROM act.verifications WHERE action_id = $1 ORDER BY id`, [actionId]);
    return rows.map((r) => ({
      outcome: r.outcome,
      cycleStart: r.cycle_start ? r.cycle_start.toISOString() : null,
      value: r.value,
      reference: r.reference,
      gapValue: r.gap_value,
      pointsRecovered: r.points_recovered,
      cyclesWatched: r.cycles_watched,
      at: r.at.toISOString(),
    }));
  }

  /** Per action from a gap: its best verification outcome (verified wins) within [since, until). */
  async outcomes(tenantId: string, since: Date, until: Date): Promise<OutcomeRow[]> {
    const rows: {
      id: string;
      owner: string;
      category: string;
      indicator: string;
      effort: number | null;
      cost: number | null;
      outcome: 'verified' | 'not-recovered';
      hours: number | null;
      points_recovered: number | null;
    }[] = await this.ds.query(
      `SELECT a.id, a.owner, a.category, a.indicator, a.effort, a.cost, v.outcome, v.points_recovered,
         EXTRACT(EPOCH FROM (v.at - a.gap_detected_at)) / 3600 AS hours
       FROM act.actions a
       JOIN LATERAL (SELECT * FROM act.verifications v WHERE v.action_id = a.id
                     ORDER BY (v.outcome = 'verified') DESC, v.at DESC LIMIT 1) v ON true
       WHERE a.tenant_id = $1 AND a.gap IS NOT NULL AND v.at >= $2 AND v.at < $3`,
      [tenantId, since, until],
    );
    return rows.map((r) => ({
      actionId: r.id,
      owner: r.owner,
      category: r.category,
      indicator: r.indicator,
      closed: r.outcome === 'verified',
      hoursToVerified: r.outcome === 'verified' && r.hours !== null ? Number(r.hours) : null,
      pointsRecovered: r.points_recovered,
      effort: r.effort,
      cost: r.cost,
    }));
  }
}
