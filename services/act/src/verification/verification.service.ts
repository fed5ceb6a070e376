/**
 * Verification, the loop's last step. `observe` keeps, per resolved action from a gap, the latest
 * value of its scope and indicator in each following cycle (one statement per batch of
 * cx.metrics.updated.v1), marked closed once measure publishes the cycle's closing indicators,
 * and judges the actions it touched — on closed cycles only (`judgeVerification` in
 * libs/indicators): a running value of an open cycle never verifies or reopens anything. A
 * verdict marks the action verified (and publishes cx.loop.closed.v1 naming the consenting
 * customers who were unhappy in the gap's scope and cycle) or reopens it.
 */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CloudEvent, GapDetectedV1, LoopClosedV1, Topic } from '@continuum/contracts';
import { judgeVerification, unhappySql, type Observation, type Verdict } from '@continuum/indicators';
import { claimEvents } from '@continuum/persistence';
import { ActionLog, SYSTEM_ACTOR, type Change } from '../actions/action-log';
import { fromRow, type ActionRow } from '../actions/actions.repository';
import { DEFAULT_PLAYBOOK } from '../playbooks/playbook.model';
import { returning } from '../actions/sql';

export const VERIFICATION_CONSUMER = 'act.verification';

interface ObservationRow {
  action_id: string;
  cycle_start: Date;
  cycle_end: Date;
  value: number | null;
  n: number;
  ci_low: number | null;
  ci_high: number | null;
  closed: boolean;
}

/**
 * Contacts are kept only when unhappy; the stored scores are judged again by the one definition
 * (libs/indicators), so contacts kept under an older definition are told only if unhappy now.
 */
const UNHAPPY_CONTACT = unhappySql('c');

const SCOPE_MATCH = `(
  ($2 = 'journey') OR ($2 = 'touchpoint' AND c.touchpoint = $3) OR ($2 = 'stage' AND c.stage = $3)
  OR ($2 = 'channel' AND c.channel = $3)
  OR ($2 = 'segment' AND c.segment ->> split_part($3, '=', 1) = substr($3, strpos($3, '=') + 1)))`;

@Injectable()
export class VerificationService {
  private readonly logger = new Logger('verification');

  constructor(
    private readonly ds: DataSource,
    private readonly log: ActionLog,
  ) {}

  async observe(events: readonly CloudEvent<Topic.MetricsUpdated>[]): Promise<{ judged: number }> {
    if (events.length === 0) return { judged: 0 };
    const all = events.flatMap((e, ord) =>
      e.data.indicators.map((iv) => ({
        ord,
        tenantId: e.data.tenantId,
        scopeKind: e.data.scope.kind,
        scopeId: e.data.scope.id,
        indicator: iv.indicator,
        cycleStart: e.data.cycle.start,
        cycleEnd: e.data.cycle.end,
        value: iv.value,
        n: iv.n,
        ciLow: iv.ci?.[0] ?? null,
        ciHigh: iv.ci?.[1] ?? null,
        closed: e.data.closed === true,
      })),
    );
    type Flat = (typeof all)[number];
    const params = (rows: readonly Flat[]) => {
      const col = <K extends keyof Flat>(k: K) => rows.map((f) => f[k]);
      return [
        col('ord'),
        col('tenantId'),
        col('scopeKind'),
        col('scopeId'),
        col('indicator'),
        col('cycleStart'),
        col('cycleEnd'),
        col('value'),
        col('n'),
        col('ciLow'),
        col('ciHigh'),
        col('closed'),
      ];
    };
    const UNNEST = `unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
        $7::timestamptz[], $8::float8[], $9::int[], $10::float8[], $11::float8[], $12::boolean[])
      AS u(ord, tenant_id, scope_kind, scope_id, indicator, cycle_start, cycle_end, value, n, ci_low, ci_high, closed)
      JOIN act.actions a ON a.tenant_id = u.tenant_id AND a.scope_kind = u.scope_kind AND a.scope_id = u.scope_id
        AND a.indicator = u.indicator AND a.status = 'resolved' AND a.gap IS NOT NULL
      WHERE u.cycle_start >= (a.gap -> 'cycle' ->> 'end')::timestamptz AND u.cycle_end > a.resolved_at`;
    return this.ds.transaction(async (m) => {
      // Only resolved actions from a gap with this scope and indicator care; most batches match none,
      // and then nothing is written (not even processed-event claims).
      const matched: { ord: number }[] = await m.query(`SELECT DISTINCT u.ord FROM ${UNNEST}`, params(all));
      if (matched.length === 0) return { judged: 0 };
      const fresh = await claimEvents(
        m,
        'act',
        VERIFICATION_CONSUMER,
        matched.map((r) => events[r.ord].id),
      );
      const todo = all.filter((f) => fresh.has(events[f.ord].id));
      if (todo.length === 0) return { judged: 0 };
      const touched: { action_id: string }[] = await m.query(
        // A cycle's closing value is never overwritten by a running one delivered late.
        `INSERT INTO act.watch_observations (action_id, resolution, cycle_start, cycle_end, value, n, ci_low, ci_high,
           closed)
         SELECT DISTINCT ON (a.id, u.cycle_start) a.id, a.resolutions, u.cycle_start, u.cycle_end, u.value, u.n,
           u.ci_low, u.ci_high, u.closed
         FROM ${UNNEST}
         ORDER BY a.id, u.cycle_start, u.closed DESC, u.ord DESC
         ON CONFLICT (action_id, resolution, cycle_start) DO UPDATE SET cycle_end = excluded.cycle_end,
           value = excluded.value, n = excluded.n, ci_low = excluded.ci_low, ci_high = excluded.ci_high,
           closed = excluded.closed, observed_at = now()
         WHERE excluded.closed OR NOT act.watch_observations.closed
         RETURNING action_id`,
        params(todo),
      );
      if (touched.length === 0) return { judged: 0 };
      const ids = [...new Set(touched.map((t) => t.action_id))];
      const actions: ActionRow[] = await m.query(
        `SELECT * FROM act.actions WHERE id = ANY($1::uuid[]) AND status = 'resolved' ORDER BY id FOR UPDATE`,
        [ids],
      );
      await this.judgeAll(m, actions);
      return { judged: actions.length };
    });
  }

  private async judgeAll(m: EntityManager, actions: readonly ActionRow[]): Promise<number> {
    if (actions.length === 0) return 0;
    const obs: ObservationRow[] = await m.query(
      `SELECT o.action_id, o.cycle_start, o.cycle_end, o.value, o.n, o.ci_low, o.ci_high, o.closed
       FROM act.watch_observations o JOIN act.actions a ON a.id = o.action_id AND o.resolution = a.resolutions
       WHERE o.action_id = ANY($1::uuid[])`,
      [actions.map((a) => a.id)],
    );
    const byAction = new Map<string, Observation[]>();
    for (const o of obs) {
      const list = byAction.get(o.action_id) ?? [];
      list.push({
        cycleStart: o.cycle_start.toISOString(),
        cycleEnd: o.cycle_end.toISOString(),
        value: o.value,
        n: o.n,
        ci: o.ci_low !== null && o.ci_high !== null ? [o.ci_low, o.ci_high] : null,
        closed: o.closed,
      });
      byAction.set(o.action_id, list);
    }
    let decided = 0;
    for (const a of actions) {
      if (!a.gap || !a.resolved_at) continue;
      const d = DEFAULT_PLAYBOOK.verification;
      const settings = {
        cycles: a.verify_cycles ?? d.cycles,
        alpha: a.verify_alpha ?? d.alpha,
        minSample: a.verify_min_sample ?? d.minSample,
      };
      const verdict = judgeVerification(
        a.gap,
        a.resolved_at.toISOString(),
        byAction.get(a.id) ?? [],
        settings,
      );
      if (verdict.outcome === 'watching') continue;
      await this.decide(m, a, a.gap, verdict);
      decided++;
    }
    return decided;
  }

  private async decide(
    m: EntityManager,
    a: ActionRow,
    gap: GapDetectedV1,
    v: Exclude<Verdict, { outcome: 'watching' }>,
  ): Promise<void> {
    const verified = v.outcome === 'verified';
    const rows = await returning<ActionRow>(
      m,
      verified
        ? `UPDATE act.actions SET status = 'verified', verified_at = now(), updated_at = now() WHERE id = $1 RETURNING *`
        : `UPDATE act.actions SET status = 'reopened', updated_at = now(),
             due_at = now() + make_interval(secs => sla_hours * 3600) WHERE id = $1 RETURNING *`,
      [a.id],
    );
    const action = fromRow(rows[0]);
    await m.query(
      `INSERT INTO act.verifications (action_id, tenant_id, outcome, cycle_start, value, reference, gap_value,
         points_recovered, cycles_watched) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        a.id,
        a.tenant_id,
        v.outcome,
        v.observation.cycleStart,
        v.observation.value,
        v.recovery.reference,
        gap.current,
        v.recovery.pointsRecovered,
        v.watched,
      ],
    );
    const comment = verified
      ? `Gap closed in the cycle from ${v.observation.cycleStart}: ${v.recovery.reason}.`
      : `Gap not closed after ${v.watched} cycle(s); last cycle from ${v.observation.cycleStart}: ${v.recovery.reason}.`;
    const changes: Change[] = [
      { action, change: verified ? 'verified' : 'reopened', actor: SYSTEM_ACTOR, comment },
    ];
    await this.log.record(m, changes);
    if (!verified) return;
    const customers: { customer_id: string }[] = await m.query(
      `SELECT DISTINCT c.customer_id FROM act.contacts c
       WHERE c.tenant_id = $1 AND c.occurred_at >= $4 AND c.occurred_at < $5
         AND ${UNHAPPY_CONTACT} AND ${SCOPE_MATCH}
       ORDER BY c.customer_id`,
      [a.tenant_id, gap.scope.kind, gap.scope.id, gap.cycle.start, gap.cycle.end],
    );
    const data: LoopClosedV1 = {
      tenantId: a.tenant_id,
      actionId: a.id,
      gapKey: gap.gapKey,
      customers: customers.map((c) => c.customer_id),
      title: a.title,
      summary: `You said ${gap.indicator} at ${gap.scope.kind} ${gap.scope.id} fell to ${round(gap.current)} in the ${gap.cycle.length} from ${gap.cycle.start}; we did: "${a.title}". It is back to ${round(v.observation.value)}.`,
    };
    await this.log.loopClosed(m, [{ data }]);
    this.logger.log({
      msg: 'loop closed',
      tenantId: a.tenant_id,
      actionId: a.id,
      customers: data.customers.length,
    });
  }
}

const round = (x: number | null) => (x === null ? '—' : String(Math.round(x * 100) / 100));
