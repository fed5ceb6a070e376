/**
 * People's changes to actions (acknowledge, resolve, reopen, cancel): each checked against the
 * lifecycle, applied under a row lock and logged (history, cx.actions.v1, webhooks) in one
 * transaction. Resolving a follow-up with a root cause may open a systemic action.
 */
import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { recordAudit, type AuditActor } from '@continuum/persistence';
import { ProblemException, ValidationProblem, type Permission } from '@continuum/platform';
import { cycleOf } from '@continuum/journey';
import type { ActionView } from '@continuum/contracts';
import type { HistoryEntry } from './actions.repository';
import { PlaybooksRepository, type VersionedPlaybook } from '../playbooks/playbooks.repository';
import { ActionLog, SYSTEM_ACTOR, type Change } from './action-log';
import { ActionsRepository, fromRow, type ActionRow } from './actions.repository';
import { transition, type Command } from './lifecycle';
import { systemicAction, type FollowupEvidence } from './systemic';
import { returning } from './sql';
import { compositeKey } from '@continuum/contracts';

/**
 * Who works an action: their id and name for the history, what they may reach (a team's actions
 * or every one), and themselves as the audit trail names them.
 */
export interface Worker {
  /** `user:<sub>` or `key:<prefix>`. */
  readonly id: string;
  readonly name: string;
  readonly may: (permission: Permission, owner: string | null) => boolean;
  readonly audit: AuditActor;
}

export interface TransitionInput {
  readonly comment: string | null;
  readonly rootCause?: string;
  readonly effort?: number;
  readonly cost?: number;
}

/** What a ticket tool may ask of an action, and where each takes it. */
export const WRITEBACK_COMMANDS = ['acknowledge', 'resolve', 'reopen'] as const;
export type WritebackCommand = (typeof WRITEBACK_COMMANDS)[number];
const WRITEBACK_TARGET: Readonly<Record<WritebackCommand, string>> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  reopen: 'reopened',
};

const isUniqueViolation = (err: unknown) =>
  err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505';

@Injectable()
export class ActionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly actions: ActionsRepository,
    private readonly playbooks: PlaybooksRepository,
    private readonly log: ActionLog,
  ) {}

  async apply(
    tenantId: string,
    id: string,
    command: Command,
    input: TransitionInput,
    worker: Worker,
  ): Promise<ActionView> {
    try {
      return await this.ds.transaction((m) => this.applyIn(m, tenantId, id, command, input, worker, false));
    } catch (err) {
      throw this.conflictOf(err);
    }
  }

  /**
   * A ticket tool's write-back, by the key of its ticket: applied once per tool event id (a
   * repeated event returns what the first one did and changes nothing), and a command that finds
   * the action already where it would take it is answered with the action, unchanged.
   */
  async applyByRef(
    tenantId: string,
    externalRef: string,
    command: WritebackCommand,
    input: TransitionInput,
    worker: Worker,
    eventId: string | null,
  ): Promise<{ action: ActionView; replayed: boolean }> {
    try {
      return await this.ds.transaction(async (m) => {
        const found: { id: string }[] = await m.query(
          `SELECT id FROM act.actions WHERE tenant_id = $1 AND external_ref = $2`,
          [tenantId, externalRef],
        );
        if (found.length === 0)
          throw new ProblemException(
            HttpStatus.NOT_FOUND,
            'Not found',
            `no action with externalRef ${externalRef}`,
          );
        if (eventId !== null) {
          // Claimed first: a second delivery of the same event waits here for the first to commit.
          const claimed: unknown[] = await m.query(
            `INSERT INTO act.writebacks (tenant_id, event_id, external_ref, command, action_id, result)
             VALUES ($1, $2, $3, $4, $5, '{}'::jsonb) ON CONFLICT DO NOTHING RETURNING event_id`,
            [tenantId, eventId, externalRef, command, found[0].id],
          );
          if (claimed.length === 0) {
            const prior: { result: ActionView }[] = await m.query(
              `SELECT result FROM act.writebacks WHERE tenant_id = $1 AND event_id = $2`,
              [tenantId, eventId],
            );
            return { action: prior[0].result, replayed: true };
          }
        }
        const action = await this.applyIn(m, tenantId, found[0].id, command, input, worker, true);
        if (eventId !== null)
          await m.query(`UPDATE act.writebacks SET result = $3 WHERE tenant_id = $1 AND event_id = $2`, [
            tenantId,
            eventId,
            JSON.stringify(action),
          ]);
        return { action, replayed: false };
      });
    } catch (err) {
      throw this.conflictOf(err);
    }
  }

  private conflictOf(err: unknown): unknown {
    if (isUniqueViolation(err))
      return new ProblemException(
        HttpStatus.CONFLICT,
        'Conflict',
        'another live action already holds this action’s dedup key; work on that one instead',
      );
    return err;
  }

  private async applyIn(
    m: EntityManager,
    tenantId: string,
    id: string,
    command: Command,
    input: TransitionInput,
    worker: Worker,
    /** A tool's write-back: already there is no conflict. */
    byRef: boolean,
  ): Promise<ActionView> {
    const row = await this.actions.findRow(m, tenantId, id, true);
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `no action ${id}`);
    this.authorize(worker, command === 'cancel' ? 'act:cancel' : 'act', row, command);
    const t = transition(command, row.status);
    if (!t.ok && byRef && row.status === WRITEBACK_TARGET[command as WritebackCommand]) return fromRow(row);
    if (!t.ok)
      throw new ProblemException(HttpStatus.CONFLICT, 'Conflict', t.reason, {
        actionStatus: row.status,
      });
    const pb = await this.playbooks.currentOne(tenantId, m);
    if (command === 'resolve') this.checkRootCause(row, input, pb);
    else if (input.rootCause !== undefined) {
      throw new ValidationProblem([{ field: 'rootCause', reason: 'is recorded only when resolving' }]);
    }
    const rows = await returning<ActionRow>(
      m,
      `UPDATE act.actions SET status = $3, updated_at = now(),
         acknowledged_at = CASE WHEN $3 = 'acknowledged' THEN now() ELSE acknowledged_at END,
         resolved_at = CASE WHEN $3 = 'resolved' THEN now() ELSE resolved_at END,
         resolutions = resolutions + CASE WHEN $3 = 'resolved' THEN 1 ELSE 0 END,
         verified_at = CASE WHEN $3 = 'reopened' THEN NULL ELSE verified_at END,
         due_at = CASE WHEN $3 = 'reopened' THEN now() + make_interval(secs => sla_hours * 3600) ELSE due_at END,
         root_cause = coalesce($4, root_cause), effort = coalesce($5, effort), cost = coalesce($6, cost)
       WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [tenantId, id, t.to, input.rootCause ?? null, input.effort ?? null, input.cost ?? null],
    );
    const updated = rows[0];
    const action = fromRow(updated);
    const changes: Change[] = [
      { action, change: t.to, actor: worker.id, actorName: worker.name, comment: input.comment },
    ];
    await this.log.record(m, changes);
    await recordAudit(m, tenantId, worker.audit, [
      {
        action: command,
        resource: 'action',
        resourceId: id,
        detail: {
          from: row.status,
          to: t.to,
          ...(input.rootCause !== undefined ? { rootCause: input.rootCause } : {}),
        },
      },
    ]);
    if (command === 'resolve' && updated.loop === 'inner' && updated.root_cause && updated.stage) {
      await this.systemic(m, updated, pb);
    }
    return action;
  }

  /** A note on an action's history (no change of status), logged and audited like a change. */
  async note(tenantId: string, id: string, text: string, worker: Worker): Promise<HistoryEntry> {
    return this.ds.transaction(async (m) => {
      const row = await this.actions.findRow(m, tenantId, id, true);
      if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `no action ${id}`);
      this.authorize(worker, 'act', row, 'add a note to');
      const at = new Date().toISOString();
      await this.log.record(m, [
        {
          action: fromRow(row),
          change: 'noted',
          actor: worker.id,
          actorName: worker.name,
          comment: text,
          at,
        },
      ]);
      await recordAudit(m, tenantId, worker.audit, [{ action: 'note', resource: 'action', resourceId: id }]);
      return { change: 'noted', actor: worker.id, actorName: worker.name, comment: text, at };
    });
  }

  /** 403 unless the worker may do this to this action (an agent: only their teams' actions). */
  private authorize(worker: Worker, permission: Permission, row: ActionRow, what: string): void {
    if (worker.may(permission, row.owner)) return;
    const detail =
      permission === 'act:cancel'
        ? 'cancelling an action needs the manager or admin role'
        : `this action is owned by team "${row.owner}", not one of yours: you cannot ${what} it`;
    throw new ProblemException(HttpStatus.FORBIDDEN, 'Forbidden', detail, { owner: row.owner });
  }

  private checkRootCause(row: ActionRow, input: TransitionInput, pb: VersionedPlaybook): void {
    const rc = pb.playbook.rootCauses;
    if (input.rootCause === undefined) {
      if (row.loop === 'inner' && rc.requireOnResolve && rc.taxonomy.length > 0) {
        throw new ValidationProblem([
          {
            field: 'rootCause',
            reason: `resolving a follow-up needs a root cause, one of: ${rc.taxonomy.map((c) => c.id).join(', ')}`,
          },
        ]);
      }
      return;
    }
    if (!rc.taxonomy.some((c) => c.id === input.rootCause)) {
      throw new ValidationProblem([
        {
          field: 'rootCause',
          reason: `"${input.rootCause}" is not in the tenant's root-cause taxonomy (${rc.taxonomy.map((c) => c.id).join(', ') || 'empty'})`,
        },
      ]);
    }
  }

  /** Counts this stage's follow-ups with this root cause in the cycle; at the threshold, one systemic action. */
  private async systemic(m: EntityManager, resolved: ActionRow, pb: VersionedPlaybook): Promise<void> {
    const rc = pb.playbook.rootCauses;
    const cause = rc.taxonomy.find((c) => c.id === resolved.root_cause);
    const stage = resolved.stage;
    if (!cause || !stage) return;
    // Concurrent resolutions of one stage and cause count one after the other.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `act.systemic:${resolved.tenant_id}:${stage}:${cause.id}`,
    ]);
    const now = new Date();
    const cycle = cycleOf(now, rc.cycle, rc.timeZone);
    const rows: (ActionRow & { resolved_at: Date })[] = await m.query(
      `SELECT * FROM act.actions
       WHERE tenant_id = $1 AND loop = 'inner' AND stage = $2 AND root_cause = $3
         AND status IN ('resolved', 'verified') AND resolved_at >= $4 AND resolved_at < $5
       ORDER BY resolved_at, id`,
      [resolved.tenant_id, stage, cause.id, cycle.start, cycle.end],
    );
    if (rows.length < rc.threshold) return;
    const followups: FollowupEvidence[] = rows.map((r) => ({
      id: r.id,
      title: r.title,
      customerId: r.customer_id,
      touchpoint: r.touchpoint,
      stageOwner: r.stage_owner,
      resolvedAt: r.resolved_at.toISOString(),
    }));
    const view = systemicAction(
      {
        tenantId: resolved.tenant_id,
        stage,
        cause,
        cycle,
        followups,
        sourceEventId: `action:${resolved.id}`,
      },
      pb.playbook,
      pb.version,
      now,
      randomUUID,
    );
    const inserted = await this.actions.insertNew(m, [
      { view, stageOwner: view.owner, gap: null, gapDetectedAt: null, verification: null },
    ]);
    let target: ActionView;
    let evidence: readonly FollowupEvidence[];
    const changes: Change[] = [];
    if (inserted.has(view.id)) {
      target = view;
      evidence = followups;
      changes.push({ action: view, change: 'opened', actor: SYSTEM_ACTOR, comment: null });
    } else {
      const holding = (
        await this.actions.findHolding(m, [{ tenantId: view.tenantId, dedupKey: view.dedupKey }])
      ).get(compositeKey(view.tenantId, view.dedupKey));
      if (!holding) return;
      target = fromRow(holding);
      evidence = followups.filter((f) => f.id === resolved.id);
      changes.push({
        action: target,
        change: 'evidence-added',
        actor: SYSTEM_ACTOR,
        comment: `follow-up ${resolved.id} resolved with root cause ${cause.id} at stage ${stage}`,
      });
    }
    await m.query(
      `INSERT INTO act.action_evidence (action_id, evidence_action_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [target.id, evidence.map((f) => f.id)],
    );
    await this.log.record(m, changes);
  }
}
