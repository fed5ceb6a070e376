/**
 * The seeded workload of the loop benchmark: a few tenants of a contact centre with a journey of
 * 20 touchpoints, feedback in Italian and English (a share with comments, a share of detractors who
 * agree to be called back), contact-centre interactions with repeat contacts, and a planted gap (one
 * touchpoint whose NPS falls in the second half of the stream). Same seed, same records.
 */
import { seededRandom } from '@continuum/indicators';

const STAGES = ['discover', 'buy', 'get-help', 'receive', 'return'] as const;
const TOUCHPOINTS: { id: string; stage: (typeof STAGES)[number]; channel: string }[] = [
  { id: 'website', stage: 'discover', channel: 'web' },
  { id: 'app-home', stage: 'discover', channel: 'app' },
  { id: 'store-locator', stage: 'discover', channel: 'web' },
  { id: 'product-page', stage: 'discover', channel: 'web' },
  { id: 'checkout', stage: 'buy', channel: 'web' },
  { id: 'payment', stage: 'buy', channel: 'web' },
  { id: 'order-confirmation', stage: 'buy', channel: 'email' },
  { id: 'ivr', stage: 'get-help', channel: 'voice' },
  { id: 'call-queue', stage: 'get-help', channel: 'voice' },
  { id: 'agent-call', stage: 'get-help', channel: 'voice' },
  { id: 'chat', stage: 'get-help', channel: 'chat' },
  { id: 'email-follow-up', stage: 'get-help', channel: 'email' },
  { id: 'faq', stage: 'get-help', channel: 'web' },
  { id: 'dispatch', stage: 'receive', channel: 'email' },
  { id: 'delivery', stage: 'receive', channel: 'field' },
  { id: 'installation', stage: 'receive', channel: 'field' },
  { id: 'first-bill', stage: 'receive', channel: 'email' },
  { id: 'returns-portal', stage: 'return', channel: 'web' },
  { id: 'refund', stage: 'return', channel: 'email' },
  { id: 'pickup', stage: 'return', channel: 'field' },
];
export const PLANTED_GAP_TOUCHPOINT = 'delivery';

const COMMENTS = {
  it: {
    happy: [
      'Operatore gentile e competente, problema risolto subito',
      'Consegna puntuale, corriere cortese',
      'App chiara e veloce, pagamento senza problemi',
    ],
    unhappy: [
      'Tempi di attesa troppo lunghi, la linea è caduta due volte',
      'Fattura sbagliata, addebito doppio: richiamatemi al 333 1234567',
      'Pacco arrivato in ritardo e danneggiato, nessuno risponde',
    ],
  },
  en: {
    happy: ['Great app, quick refund', 'The agent was friendly and solved it in minutes'],
    unhappy: [
      'The delivery was late and nobody answered my emails',
      'Waited forty minutes on hold, then the call dropped',
      'Charged twice, write to me at jane.doe@example.com',
    ],
  },
};

export function journeyDocument(): object {
  return {
    cycle: 'day',
    timeZone: 'Europe/Rome',
    repeatContactWindowDays: 7,
    teams: [
      { name: 'digital', contact: 'digital@example.com' },
      { name: 'sales', contact: 'sales@example.com' },
      { name: 'customer-care', contact: 'care@example.com' },
      { name: 'logistics', contact: 'logistics@example.com' },
    ],
    stages: STAGES.map((id) => ({
      id,
      name: id,
      owner:
        id === 'discover'
          ? 'digital'
          : id === 'buy'
            ? 'sales'
            : id === 'get-help'
              ? 'customer-care'
              : 'logistics',
    })),
    touchpoints: TOUCHPOINTS.map((t) => ({ id: t.id, name: t.id, stage: t.stage, channel: t.channel })),
    targets: [
      { scope: { kind: 'journey', id: '*' }, indicator: 'nps', op: '>=', value: 20 },
      { scope: { kind: 'touchpoint', id: 'call-queue' }, indicator: 'abandonment', op: '<=', value: 8 },
    ],
  };
}

export interface WorkloadRecord {
  readonly topic: 'feedback' | 'interaction';
  readonly key: string;
  readonly value: Record<string, unknown>;
  /** A detractor who agreed to be called back and has not answered before: one new action. */
  readonly probe: boolean;
}

/** When record `i` of `n` happened, and whether the planted touchpoint's answer is sour. */
export interface WorkloadShape {
  occurredAt(i: number, rand: () => number): string;
  sour(i: number): boolean;
}

/** The default shape: the last hour, the planted gap in the second half of the stream. */
function lastHour(n: number): WorkloadShape {
  const now = Date.now();
  return {
    occurredAt: (_i, rand) => new Date(now - Math.floor(rand() * 3_600_000)).toISOString(),
    sour: (i) => i > n / 2,
  };
}

/**
 * `days` consecutive cycles, oldest first, given by their starts: record `i` lands in cycle
 * ⌊i·days/n⌋ at a random instant of it, and the planted touchpoint is sour in cycle `gapCycle` only.
 */
export function pastCycles(
  n: number,
  starts: readonly string[],
  ends: readonly string[],
  gapCycle: number,
): WorkloadShape {
  const cycleOfRecord = (i: number) => Math.min(starts.length - 1, Math.floor((i * starts.length) / n));
  return {
    occurredAt: (i, rand) => {
      const c = cycleOfRecord(i);
      const from = Date.parse(starts[c]);
      return new Date(from + Math.floor(rand() * (Date.parse(ends[c]) - from))).toISOString();
    },
    sour: (i) => cycleOfRecord(i) === gapCycle,
  };
}

/**
 * `n` records for `tenants`, 75 % feedback and 25 % interactions. `probeShare` of the feedback are
 * detractors with consent and a customer id of their own, whose action latency the bench measures.
 */
export function* workload(
  run: string,
  tenants: readonly string[],
  n: number,
  seed = 42,
  probeShare = 0.1,
  shape: WorkloadShape = lastHour(n),
): Generator<WorkloadRecord> {
  const rand = seededRandom(seed);
  for (let i = 0; i < n; i++) {
    const tenantId = tenants[i % tenants.length];
    const tp = TOUCHPOINTS[Math.floor(rand() * TOUCHPOINTS.length)];
    // Repeat contacts: a small customer base per tenant, so the same customers come back.
    const customerId = `c-${Math.floor(rand() * 2000)}`;
    const occurredAt = shape.occurredAt(i, rand);
    if (rand() < 0.25) {
      const outcome = rand() < 0.12 ? 'abandoned' : rand() < 0.15 ? 'transferred' : 'handled';
      const wait = Math.floor(rand() * 300);
      const handle = outcome === 'abandoned' ? 0 : 60 + Math.floor(rand() * 900);
      yield {
        topic: 'interaction',
        key: `${tenantId}:${customerId}`,
        probe: false,
        value: {
          tenantId,
          id: `${run}-i${i}`,
          customerId,
          channel: rand() < 0.7 ? 'voice' : 'chat',
          touchpoint: rand() < 0.7 ? 'agent-call' : 'chat',
          queue: rand() < 0.5 ? 'billing' : 'technical',
          ...(outcome === 'abandoned' ? {} : { agentId: `a-${Math.floor(rand() * 200)}` }),
          outcome,
          startedAt: occurredAt,
          endedAt: new Date(Date.parse(occurredAt) + (wait + handle) * 1000).toISOString(),
          waitSeconds: wait,
          ...(outcome === 'abandoned' ? {} : { handleSeconds: handle, holdSeconds: Math.floor(handle / 10) }),
          transfers: outcome === 'transferred' ? 1 : 0,
          resolved: outcome === 'handled' && rand() < 0.8,
        },
      };
      continue;
    }
    const probe = rand() < probeShare;
    // The planted gap: delivery's answers turn sour (by default in the second half of the stream).
    const sour = tp.id === PLANTED_GAP_TOUCHPOINT && shape.sour(i);
    const nps = probe
      ? Math.floor(rand() * 7)
      : sour
        ? Math.floor(rand() * 7)
        : Math.min(10, 5 + Math.floor(rand() * 6));
    const lang = rand() < 0.6 ? 'it' : 'en';
    const withComment = rand() < 0.3;
    const pool = nps <= 6 ? COMMENTS[lang].unhappy : COMMENTS[lang].happy;
    yield {
      topic: 'feedback',
      key: `${tenantId}:${customerId}`,
      probe,
      value: {
        tenantId,
        id: `${run}-f${i}`,
        touchpoint: tp.id,
        channel: tp.channel,
        customerId: probe ? `${run}-probe-${i}` : customerId,
        occurredAt,
        nps,
        ...(rand() < 0.3 ? { csat: 1 + Math.floor(rand() * 5) } : {}),
        ...(withComment ? { comment: pool[Math.floor(rand() * pool.length)] } : {}),
        segment: { plan: rand() < 0.6 ? 'fibra' : 'mobile', region: rand() < 0.5 ? 'nord' : 'sud' },
        consentToContact: probe || rand() < 0.4,
      },
    };
  }
}
