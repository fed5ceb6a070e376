/**
 * The chaos suite's workload, generated from a seed, and what it must produce, recomputed from the
 * workload alone (not from anything a service wrote).
 *
 * - Planted gap: tenant 0, two past daily cycles (UTC), five touchpoints with n = 200 each per day;
 *   checkout's NPS falls from +40 to −10, the other four keep the same answers. Items of the two
 *   days travel in pairs (day 1's i-th next to day 2's i-th, same shuffled order), so a cycle that
 *   closes while its data is still arriving (after a fault stalled the stream) sees the same mix
 *   on both days everywhere but at checkout.
 * - Every other tenant: one stable touchpoint over the same two days (no gap), and today's bulk.
 * - Today's bulk (the open cycle, never closed during the run): feedback (NPS, sometimes CSAT) and
 *   contact-centre interactions (one contact per customer, so repeat contact is false and FCR is
 *   the reported resolution whatever the arrival order). Detractors who consent to contact carry
 *   a unique customer id: one follow-up action each; nobody else gets one (the suite's playbook
 *   keeps only the consent rules).
 */
import { isUnhappy, seededRandom } from '@continuum/indicators';
import { npsScores } from '@continuum/testing';

export type Kind = 'feedback' | 'interaction';
export type Route = 'http' | 'kafka';

export interface Item {
  readonly kind: Kind;
  readonly tenantId: string;
  readonly id: string;
  readonly route: Route;
  /** The body listen receives (without tenantId; the raw-topic record adds it). */
  readonly body: Record<string, unknown>;
}

/** The workload's seeded generator (mulberry32, shared with property tests and the demo). */
export const prng = seededRandom;

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

const DAY = 86_400_000;

export interface Workload {
  readonly tenants: readonly string[];
  readonly gapTenant: string;
  readonly day1: string;
  readonly day2: string;
  readonly today: string;
  readonly items: readonly Item[];
}

export interface WorkloadOptions {
  readonly events: number;
  readonly tenants: number;
  readonly seed: number;
  readonly runId: string;
  readonly now?: number;
}

/** Promoters, passives, detractors (n = 200) of the two past days per touchpoint of the gap tenant. */
const GAP_MIX: Record<string, [[number, number, number], [number, number, number]]> = {
  checkout: [
    [110, 60, 30],
    [60, 60, 80],
  ],
  'product-page': [
    [100, 60, 40],
    [100, 60, 40],
  ],
  'call-queue': [
    [90, 60, 50],
    [90, 60, 50],
  ],
  'agent-call': [
    [100, 50, 50],
    [100, 50, 50],
  ],
  app: [
    [80, 80, 40],
    [80, 80, 40],
  ],
};
const STABLE_MIX: [number, number, number] = [90, 70, 40];

export function plantedCount(tenants: number): number {
  return Object.keys(GAP_MIX).length * 400 + (tenants - 1) * 400;
}

export function generate(o: WorkloadOptions): Workload {
  const rnd = prng(o.seed);
  const now = o.now ?? Date.now();
  const todayMs = Math.floor(now / DAY) * DAY;
  const day1 = todayMs - 2 * DAY;
  const day2 = todayMs - DAY;
  const tenants = Array.from({ length: o.tenants }, (_, i) => `chaos-${o.runId}-t${i}`);
  const route = (): Route => (rnd() < 0.5 ? 'http' : 'kafka');
  // Units travel together (a day-1/day-2 pair) or alone; the stream is the shuffled units.
  const units: Item[][] = [];

  const pastPairs = (
    tenantId: string,
    touchpoint: string,
    mix: [[number, number, number], [number, number, number]],
  ) => {
    const order = shuffle(
      Array.from({ length: 200 }, (_, i) => i),
      rnd,
    );
    const s1 = npsScores(mix[0]);
    const s2 = npsScores(mix[1]);
    // Stable touchpoints: the same answer at the same place on both days.
    const order2 = mix[0].join() === mix[1].join() ? order : shuffle([...order], rnd);
    for (let k = 0; k < 200; k++) {
      const pair: Item[] = [];
      for (const [day, start, scores, ord] of [
        [1, day1, s1, order],
        [2, day2, s2, order2],
      ] as const) {
        const i = ord[k];
        const id = `p${day}-${touchpoint}-${k}`;
        pair.push({
          kind: 'feedback',
          tenantId,
          id,
          route: route(),
          body: {
            id,
            touchpoint,
            nps: scores[i],
            occurredAt: new Date(start + 6 * 3600_000 + k * 60_000).toISOString(),
          },
        });
      }
      units.push(pair);
    }
  };

  for (const [touchpoint, mix] of Object.entries(GAP_MIX)) pastPairs(tenants[0], touchpoint, mix);
  for (const t of tenants.slice(1)) pastPairs(t, 'store', [STABLE_MIX, STABLE_MIX]);

  const bulk = Math.max(0, o.events - plantedCount(o.tenants));
  // Today's instants: from midnight to a minute ago (listen refuses instants in the future).
  const span = Math.max(60_000, now - 60_000 - todayMs);
  const at = () => new Date(todayMs + Math.floor(rnd() * span)).toISOString();
  const FEEDBACK_TOUCHPOINTS = ['web-checkout', 'delivery', 'app-login', 'store'];
  const INTERACTION_TOUCHPOINTS: [string, string][] = [
    ['call-queue', 'phone'],
    ['chat-support', 'chat'],
    ['email-support', 'email'],
  ];
  for (let n = 0; n < bulk; n++) {
    const tenantId = tenants[Math.floor(rnd() * tenants.length)];
    if (rnd() < 0.7) {
      const id = `f-${n}`;
      const r = rnd();
      const nps =
        r < 0.5 ? 9 + Math.floor(rnd() * 2) : r < 0.8 ? 7 + Math.floor(rnd() * 2) : Math.floor(rnd() * 7);
      const consent = nps <= 6 && rnd() < 0.3;
      const body: Record<string, unknown> = {
        id,
        touchpoint: FEEDBACK_TOUCHPOINTS[Math.floor(rnd() * FEEDBACK_TOUCHPOINTS.length)],
        nps,
        occurredAt: at(),
      };
      if (rnd() < 0.2) body.csat = 1 + Math.floor(rnd() * 5);
      if (consent) {
        body.customerId = `fc-${n}`;
        body.consentToContact = true;
      } else if (rnd() < 0.3) body.customerId = `fn-${n}`;
      units.push([{ kind: 'feedback', tenantId, id, route: route(), body }]);
    } else {
      const id = `i-${n}`;
      const [touchpoint, channel] =
        INTERACTION_TOUCHPOINTS[Math.floor(rnd() * INTERACTION_TOUCHPOINTS.length)];
      const r = rnd();
      const outcome = r < 0.7 ? 'handled' : r < 0.85 ? 'abandoned' : 'transferred';
      const body: Record<string, unknown> = {
        id,
        customerId: `ic-${n}`,
        channel,
        touchpoint,
        outcome,
        startedAt: at(),
        waitSeconds: Math.floor(rnd() * 300),
      };
      if (outcome !== 'abandoned') {
        const handle = 30 + Math.floor(rnd() * 600);
        body.handleSeconds = handle;
        if (rnd() < 0.5) body.holdSeconds = Math.floor(rnd() * Math.min(handle, 120));
        if (rnd() < 0.8) body.resolved = rnd() < 0.7;
      }
      if (outcome === 'transferred') body.transfers = 1 + Math.floor(rnd() * 2);
      units.push([{ kind: 'interaction', tenantId, id, route: route(), body }]);
    }
  }
  const items = shuffle(units, rnd).flat();
  return {
    tenants,
    gapTenant: tenants[0],
    day1: new Date(day1).toISOString(),
    day2: new Date(day2).toISOString(),
    today: new Date(todayMs).toISOString(),
    items,
  };
}

/** measure's exact state of a cell, as the recomputation sees it: "metric|score" → count, "moment|metric" → n,sum. */
export type CellState = Map<string, number>;

const cycleStartOf = (iso: string) => new Date(Math.floor(Date.parse(iso) / DAY) * DAY).toISOString();

/**
 * What measure must hold: per tenant|cycleStart|scopeKind|scopeId, the counts per metric and
 * score and the moment sums (n and sum at measure's scale: whole seconds × 1000 here — checked
 * against the indicator catalogue by the suite).
 */
export function expectedCells(
  items: readonly Item[],
  momentScale: Record<string, number>,
): Map<string, CellState> {
  const cells = new Map<string, CellState>();
  const add = (cell: string, key: string, by = 1) => {
    let c = cells.get(cell);
    if (!c) cells.set(cell, (c = new Map()));
    c.set(key, (c.get(key) ?? 0) + by);
  };
  for (const it of items) {
    const b = it.body;
    if (it.kind === 'feedback') {
      const cycle = cycleStartOf(b.occurredAt as string);
      const nps = b.nps as number;
      for (const scope of ['journey|*', `touchpoint|${b.touchpoint as string}`]) {
        const cell = `${it.tenantId}|${cycle}|${scope}`;
        add(cell, `nps|${nps}`);
        if (b.csat !== undefined) add(cell, `csat|${b.csat as number}`);
        // The one definition measure counts by (these answers carry no comment).
        const csat = (b.csat as number | undefined) ?? null;
        const unhappy = isUnhappy({ nps, csat, ces: null, emoji: null, sentiment: null });
        add(cell, `unhappy|${unhappy ? 1 : 0}`);
      }
    } else {
      const cycle = cycleStartOf(b.startedAt as string);
      const abandoned = b.outcome === 'abandoned';
      for (const scope of [
        'journey|*',
        `touchpoint|${b.touchpoint as string}`,
        `channel|${b.channel as string}`,
      ]) {
        const cell = `${it.tenantId}|${cycle}|${scope}`;
        add(cell, `abandoned|${abandoned ? 1 : 0}`);
        if (!abandoned) add(cell, `transferred|${b.outcome === 'transferred' ? 1 : 0}`);
        if (!abandoned && b.resolved !== undefined) add(cell, `fcr|${b.resolved ? 1 : 0}`);
        add(cell, 'repeat|0');
        for (const [m, field] of [
          ['wait', 'waitSeconds'],
          ['hold', 'holdSeconds'],
          ['handle', 'handleSeconds'],
        ] as const) {
          if (b[field] === undefined) continue;
          add(cell, `moment|${m}|n`);
          add(cell, `moment|${m}|sum`, Math.round((b[field] as number) * momentScale[m]));
        }
      }
    }
  }
  return cells;
}

/** Consenting detractors: tenant|customerId of each expected follow-up. */
export function expectedFollowups(items: readonly Item[]): Set<string> {
  const out = new Set<string>();
  for (const it of items) {
    const b = it.body;
    if (it.kind === 'feedback' && b.consentToContact === true && (b.nps as number) <= 6)
      out.add(`${it.tenantId}|${b.customerId as string}`);
  }
  return out;
}
