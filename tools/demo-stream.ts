/**
 * `npm start`'s demo stream for the demo tenant: a seeded generator that talks to listen like a
 * real integration would. Once, it stores a demo playbook (only if the tenant still runs the
 * built-in one) and back-fills the past weeks (fixed ids, so a second start adds nothing) with a
 * fall at the call queue and the first bill in the last complete week, so measure closes those
 * weeks with real gaps and act opens actions for them. Then, forever, every DEMO_INTERVAL_MS it
 * posts an answer or two (detractors and unhappy comments among them, some with a phone number
 * that listen redacts) and a contact-centre interaction.
 *
 * Env: CONTINUUM_API_KEY, DEMO_LISTEN_URL, DEMO_ACT_URL, DEMO_SEED (42), DEMO_INTERVAL_MS (2000),
 * DEMO_BACKFILL_WEEKS (6).
 */
import { seededRandom } from '@continuum/indicators';

const env = process.env;
const KEY = env.CONTINUUM_API_KEY ?? '';
const LISTEN = env.DEMO_LISTEN_URL ?? 'http://127.0.0.1:3001';
const ACT = env.DEMO_ACT_URL ?? 'http://127.0.0.1:3003';
const INTERVAL = Number(env.DEMO_INTERVAL_MS ?? '2000');
const WEEKS = Number(env.DEMO_BACKFILL_WEEKS ?? '6');
const DAY = 86_400_000;

const random = seededRandom(Number(env.DEMO_SEED ?? '42'));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

/** Touchpoints of examples/journey.contact-centre.yaml, with how often and how well they do. */
const TOUCHPOINTS: { id: string; weight: number; promoters: number; detractors: number }[] = [
  { id: 'checkout', weight: 3, promoters: 0.55, detractors: 0.15 },
  { id: 'payment', weight: 2, promoters: 0.5, detractors: 0.2 },
  { id: 'delivery', weight: 3, promoters: 0.45, detractors: 0.25 },
  { id: 'returns', weight: 1, promoters: 0.4, detractors: 0.3 },
  { id: 'first-bill', weight: 2, promoters: 0.35, detractors: 0.35 },
  { id: 'ivr', weight: 2, promoters: 0.3, detractors: 0.35 },
  { id: 'call-queue', weight: 3, promoters: 0.3, detractors: 0.4 },
  { id: 'agent-call', weight: 3, promoters: 0.6, detractors: 0.15 },
  { id: 'chat', weight: 2, promoters: 0.5, detractors: 0.2 },
  { id: 'email-follow-up', weight: 1, promoters: 0.45, detractors: 0.25 },
  { id: 'renewal-offer', weight: 1, promoters: 0.4, detractors: 0.3 },
];

const UNHAPPY: Record<string, string[]> = {
  checkout: [
    'Il pagamento non va a buon fine, carta rifiutata',
    'Checkout confusing, the promo code never works',
  ],
  payment: ['Addebito doppio sulla carta', 'Payment failed three times'],
  delivery: ['Consegna in ritardo di una settimana', 'The courier never showed up'],
  returns: ['Il reso è complicatissimo', 'Refund still not received after a month'],
  'first-bill': ['Fattura sbagliata, importo più alto del previsto', 'My first bill is wrong, charged twice'],
  ivr: ['Il risponditore automatico non capisce niente', 'Stuck in the phone menu for ages'],
  'call-queue': ['Attesa infinita in coda, nessuno risponde', 'Waited 40 minutes on hold and hung up'],
  'agent-call': ['L’operatore non ha risolto il problema', 'The agent was rude and did not help'],
  chat: ['La chat si è chiusa da sola', 'Chat bot useless, no human available'],
  'email-follow-up': ['Nessuna risposta alla mia email', 'Nobody answered my email'],
  'renewal-offer': ['Offerta di rinnovo più cara di prima', 'The renewal offer is a rip-off'],
};
const HAPPY = [
  'Servizio ottimo, grazie',
  'Tutto veloce e chiaro',
  'Great service, very quick',
  'Friendly and helpful, thank you',
  'Operatore gentilissimo e competente',
];
const PII = [
  ' Chiamatemi al 333 123 4567',
  ' Scrivetemi a mario.rossi@example.com',
  ' Call me on +39 347 555 0101',
];

function weightedTouchpoint() {
  const total = TOUCHPOINTS.reduce((s, t) => s + t.weight, 0);
  let r = random() * total;
  for (const t of TOUCHPOINTS) if ((r -= t.weight) < 0) return t;
  return TOUCHPOINTS[0];
}

function score(promoters: number, detractors: number): number {
  const r = random();
  if (r < promoters) return 9 + Math.floor(random() * 2);
  if (r < promoters + detractors) return Math.floor(random() * 7);
  return 7 + Math.floor(random() * 2);
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** Follow-ups only for detractors who agreed to be called; an urgent one, with a short SLA, at the call queue. */
const PLAYBOOK = {
  schema: 'continuum.playbook/v1',
  feedbackRules: [
    {
      name: 'queue-strong-detractor',
      when: { nps: { max: 2 }, touchpoints: ['call-queue'], consentToContact: true },
      action: {
        title: 'Urgent call-back: queue detractor (NPS {nps})',
        description: '{evidence}\nThe customer agreed to be contacted.',
        category: 'customer-follow-up',
        priority: 'high',
        slaHours: 0.05,
        escalation: ['contact-centre'],
      },
    },
    {
      name: 'detractor-call-back',
      when: { nps: { max: 6 }, consentToContact: true },
      action: {
        title: 'Call back detractor (NPS {nps}) at {touchpoint}',
        description: '{evidence}\nThe customer agreed to be contacted.',
        category: 'customer-follow-up',
        priority: 'medium',
        slaHours: 48,
        escalation: ['customer-care'],
      },
    },
  ],
};

async function ensurePlaybook(): Promise<void> {
  const current = await call(ACT, 'GET', '/v1/playbooks');
  if ((current.body as { version?: number } | null)?.version !== 0) return;
  const r = await call(ACT, 'PUT', '/v1/playbooks', PLAYBOOK);
  if (r.status >= 300) throw new Error(`demo playbook refused: ${r.status} ${JSON.stringify(r.body)}`);
}

/** Past weeks, Wednesday and Thursday midday UTC (inside the Rome week whatever the offset). */
function backfill(): Record<string, unknown>[] {
  const now = Date.now();
  const monday = Math.floor((now - ((new Date(now).getUTCDay() + 6) % 7) * DAY) / DAY) * DAY;
  const items: Record<string, unknown>[] = [];
  for (let w = WEEKS; w >= 1; w--) {
    const start = monday - w * 7 * DAY;
    const tag = new Date(start).toISOString().slice(0, 10);
    for (const tp of TOUCHPOINTS) {
      // The last complete week: the call queue and the first bill fall apart.
      const bad = w === 1 && (tp.id === 'call-queue' || tp.id === 'first-bill');
      const [p, d] = bad ? [0.15, 0.65] : [tp.promoters + 0.1, Math.max(0.05, tp.detractors - 0.1)];
      for (let i = 0; i < 80; i++) {
        const nps = score(p, d);
        items.push({
          id: `demo-${tag}-${tp.id}-${i}`,
          touchpoint: tp.id,
          nps,
          occurredAt: new Date(start + 2 * DAY + 10 * 3600_000 + i * 25 * 60_000).toISOString(),
          ...(nps <= 6 && random() < 0.5 ? { comment: pick(UNHAPPY[tp.id]) } : {}),
          ...(nps >= 9 && random() < 0.2 ? { comment: pick(HAPPY) } : {}),
        });
      }
    }
  }
  return items;
}

let seq = 0;
function liveFeedback(): Record<string, unknown> {
  const tp = weightedTouchpoint();
  const nps = score(tp.promoters, tp.detractors);
  const comment =
    nps <= 6
      ? `${pick(UNHAPPY[tp.id])}${random() < 0.15 ? pick(PII) : ''}`
      : nps >= 9 && random() < 0.4
        ? pick(HAPPY)
        : undefined;
  return {
    id: `live-${Date.now()}-${seq++}`,
    touchpoint: tp.id,
    nps,
    customerId: `cust-${String(1 + Math.floor(random() * 300)).padStart(3, '0')}`,
    consentToContact: random() < 0.5,
    ...(comment ? { comment } : {}),
  };
}

function liveInteraction(): Record<string, unknown> {
  const started = Date.now() - 15 * 60_000;
  const wait = Math.floor(30 + random() * 900);
  const abandoned = wait > 600 && random() < 0.6;
  const handle = abandoned ? 0 : Math.floor(120 + random() * 600);
  return {
    id: `call-${Date.now()}-${seq++}`,
    customerId: `cust-${String(1 + Math.floor(random() * 300)).padStart(3, '0')}`,
    channel: 'voice',
    touchpoint: 'call-queue',
    outcome: abandoned ? 'abandoned' : random() < 0.15 ? 'transferred' : 'handled',
    startedAt: new Date(started).toISOString(),
    endedAt: new Date(started + (wait + handle) * 1000).toISOString(),
    waitSeconds: wait,
    ...(abandoned ? {} : { handleSeconds: handle, resolved: random() < 0.7 }),
  };
}

let stopping = false;

async function main(): Promise<void> {
  if (!KEY) throw new Error('CONTINUUM_API_KEY is required');
  await ensurePlaybook();
  const past = backfill();
  let accepted = 0;
  for (let i = 0; i < past.length; i += 1000) {
    const r = await call(LISTEN, 'POST', '/v1/feedback', past.slice(i, i + 1000));
    if (r.status !== 202) throw new Error(`backfill refused: ${r.status} ${JSON.stringify(r.body)}`);
    accepted += (r.body as { accepted: number }).accepted;
  }
  process.stdout.write(`demo: back-filled ${WEEKS} weeks (${accepted} new answers of ${past.length})\n`);
  let tick = 0;
  while (!stopping) {
    const batch = [liveFeedback(), ...(random() < 0.3 ? [liveFeedback()] : [])];
    const results = await Promise.allSettled([
      call(LISTEN, 'POST', '/v1/feedback', batch),
      ...(tick % 3 === 0 ? [call(LISTEN, 'POST', '/v1/interactions', liveInteraction())] : []),
    ]);
    for (const r of results) {
      if (r.status === 'rejected' || r.value.status >= 300)
        process.stdout.write(
          `demo: a post failed: ${r.status === 'rejected' ? String(r.reason) : JSON.stringify(r.value.body)}\n`,
        );
    }
    tick++;
    await new Promise((r) => setTimeout(r, INTERVAL));
  }
}

process.on('SIGTERM', () => (stopping = true));
process.on('SIGINT', () => (stopping = true));
main().catch((err: unknown) => {
  process.stderr.write(`demo stream failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
