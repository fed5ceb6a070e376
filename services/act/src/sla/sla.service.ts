/**
 * SLA escalation: an action past its due time passes to the next team of its escalation chain,
 * one priority up, with a fresh SLA — exactly once per breach. The guard is in the statement:
 * rows are claimed with FOR UPDATE SKIP LOCKED and updated only at the escalation level they were
 * read at, so several act instances (and restarts) never escalate one breach twice.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ActionLog, type Change } from '../actions/action-log';
import { NotificationOutbox } from '../notifications/notification-outbox';
import { fromRow, type ActionRow } from '../actions/actions.repository';
import { returning } from '../actions/sql';

export const SLA_ACTOR = 'continuum-sla';

@Injectable()
export class SlaService {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ActionLog,
    private readonly notifications: NotificationOutbox,
  ) {}

  /**
   * Tells the owning team's channels that an action's SLA is about to breach, each channel at its
   * own lead time, once per action, channel and escalation level (a fresh SLA after an escalation
   * is warned about again). Returns how many warnings were written.
   */
  async warnDue(limit = 200): Promise<number> {
    return this.ds.transaction(async (m) => {
      const rows: (ActionRow & { channel_ids: string[] })[] = await m.query(
        `SELECT a.*, array_agg(c.id::text) AS channel_ids FROM act.actions a
         JOIN act.team_channels c ON c.tenant_id = a.tenant_id AND c.team = a.owner AND c.active
           AND 'action.sla-warning' = ANY(c.events)
         WHERE a.status IN ('open', 'acknowledged', 'reopened') AND a.due_at > now()
           AND a.due_at <= now() + make_interval(mins => c.sla_lead_minutes)
           AND NOT EXISTS (SELECT 1 FROM act.webhook_deliveries d WHERE d.channel_id = c.id
             AND d.event_id = 'sla-warning:' || a.id || ':' || a.escalation_level)
         GROUP BY a.id ORDER BY a.due_at LIMIT $1`,
        [limit],
      );
      return this.notifications.enqueue(
        m,
        rows.map((r) => ({
          event: 'action.sla-warning' as const,
          eventId: `sla-warning:${r.id}:${r.escalation_level}`,
          action: fromRow(r),
          comment: null,
          channelIds: r.channel_ids,
        })),
      );
    });
  }

  /** Escalates up to `limit` breached actions; returns how many. */
  async escalateDue(limit = 200): Promise<number> {
    return this.ds.transaction(async (m) => {
      type Escalated = ActionRow & { prev_owner: string; prev_priority: string; prev_due: Date };
      const rows = await returning<Escalated>(
        m,
        `WITH due AS (
           SELECT id, escalation_level, owner, priority, due_at FROM act.actions
           WHERE status IN ('open', 'acknowledged', 'reopened') AND due_at <= now()
             AND escalation_level < cardinality(escalation_chain)
           ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         UPDATE act.actions a SET
           escalation_level = a.escalation_level + 1,
           owner = a.escalation_chain[a.escalation_level + 1],
           priority = CASE a.priority WHEN 'low' THEN 'medium' WHEN 'medium' THEN 'high' ELSE 'critical' END,
           due_at = now() + make_interval(secs => a.sla_hours * 3600),
           updated_at = now()
         FROM due WHERE a.id = due.id AND a.escalation_level = due.escalation_level
         RETURNING a.*, due.owner AS prev_owner, due.priority AS prev_priority, due.due_at AS prev_due`,
        [limit],
      );
      const changes: Change[] = rows.map((r) => ({
        action: fromRow(r),
        change: 'escalated',
        actor: SLA_ACTOR,
        comment: `SLA breached at ${r.prev_due.toISOString()}: escalated from ${r.prev_owner} to ${r.owner} (level ${r.escalation_level} of ${r.escalation_chain.length}), priority ${r.prev_priority} → ${r.priority}`,
      }));
      await this.log.record(m, changes);
      return rows.length;
    });
  }
}
