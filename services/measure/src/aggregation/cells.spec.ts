import {
  SCOPE_KINDS,
  eventProblems,
  Topic,
  type FeedbackRecordedV1,
  type InteractionRecordedV1,
  type InteractionRevisedV1,
} from '@continuum/contracts';
import { isUnhappy } from '@continuum/indicators';
import { defaultSettings, type TenantSettings } from '../journey/journey.settings';
import { foldFeedback, foldInteractions, foldRevisions, latestFirst, scopesOf, type Fold } from './cells';

function fb(i: number, over: Partial<FeedbackRecordedV1> = {}): FeedbackRecordedV1 {
  return {
    feedbackId: `f-${i}`,
    tenantId: 'acme',
    touchpoint: i % 2 ? 'checkout' : 'ivr',
    stage: i % 3 ? 'buy' : null,
    owner: null,
    channel: i % 2 ? 'web' : 'voice',
    customerId: null,
    occurredAt: new Date(Date.UTC(2026, 10, 20 + (i % 3), 12, i % 60)).toISOString(),
    receivedAt: '2026-11-23T00:00:00.000Z',
    nps: i % 11,
    csat: (i % 5) + 1,
    ces: null,
    emoji: null,
    comment: i % 4 === 0 ? `commento ${i}` : null,
    language: null,
    sentiment: ((i % 7) - 3) / 3.3,
    themes: i % 5 === 0 ? ['billing', 'price'] : i % 5 === 1 ? ['waiting-time'] : [],
    segment: i % 4 ? { plan: 'fibra' } : {},
    consentToContact: false,
    flags: [],
    ...over,
  };
}

function call(i: number, over: Partial<InteractionRecordedV1> = {}): InteractionRecordedV1 {
  return {
    interactionId: `i-${i}`,
    tenantId: 'acme',
    customerId: `c-${i % 17}`,
    touchpoint: i % 2 ? 'call-queue' : 'chat',
    stage: 'support',
    owner: null,
    channel: i % 2 ? 'voice' : 'chat',
    queue: null,
    agentId: null,
    outcome: i % 5 === 0 ? 'abandoned' : i % 7 === 0 ? 'transferred' : 'handled',
    startedAt: new Date(Date.UTC(2026, 10, 20 + (i % 2), 9, i % 60)).toISOString(),
    endedAt: null,
    waitSeconds: 10 + (i % 50),
    holdSeconds: i % 3 ? 5 * (i % 4) : null,
    handleSeconds: i % 5 === 0 ? null : 120 + i,
    transfers: i % 7 === 0 ? 1 : 0,
    resolved: null,
    repeatContact: i % 6 === 0,
    firstContactResolution: i % 5 === 0 ? null : i % 3 !== 0,
    repeatWindowDays: 7,
    repeatWindowEndsAt: new Date(Date.UTC(2026, 10, 27 + (i % 2), 9, i % 60)).toISOString(),
    receivedAt: '2026-11-23T00:00:00.000Z',
    flags: [],
    ...over,
  };
}

const day = defaultSettings('acme');
const settings = () => day;

/** Sums a fold's increments per key, and the kept comment samples, to compare batchings. */
function totals(folds: Fold[], keep = 10): Map<string, number | string> {
  const t = new Map<string, number | string>();
  const add = (k: string, v: number) => t.set(k, ((t.get(k) as number | undefined) ?? 0) + v);
  const samples = new Map<string, { occurredAt: string; feedbackId: string }[]>();
  for (const { counts, moments, themes, comments } of folds) {
    for (const c of counts) add([c.scopeKind, c.scopeId, c.cycleStart, c.metric, c.score].join('|'), c.count);
    for (const m of moments) {
      for (const [f, v] of [
        ['n', m.n],
        ['sum', m.sum],
        ['sumSq', m.sumSq],
      ] as const) {
        add([m.scopeKind, m.scopeId, m.cycleStart, m.metric, f].join('|'), v);
      }
    }
    for (const th of themes) {
      const k = [th.scopeKind, th.scopeId, th.cycleStart, th.theme].join('|');
      add(`${k}|responses`, th.responses);
      add(`${k}|unhappy`, th.unhappy);
      add(`${k}|detractors`, th.detractors);
    }
    for (const c of comments) {
      const k = [c.scopeKind, c.scopeId, c.cycleStart].join('|');
      samples.set(k, [...(samples.get(k) ?? []), c]);
    }
  }
  // What the store keeps: each cell's latest `keep` samples.
  for (const [k, list] of samples) {
    t.set(
      `${k}|samples`,
      list
        .sort(latestFirst)
        .slice(0, keep)
        .map((c) => c.feedbackId)
        .join(','),
    );
  }
  return t;
}

function seeded(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('foldFeedback', () => {
  it('counts each answer in journey, touchpoint, stage, channel and segment scopes', () => {
    expect(scopesOf(fb(1))).toEqual([
      { kind: 'journey', id: '*' },
      { kind: 'touchpoint', id: 'checkout' },
      { kind: 'stage', id: 'buy' },
      { kind: 'channel', id: 'web' },
      { kind: 'segment', id: 'plan=fibra' },
    ]);
    const { counts } = foldFeedback([fb(1), fb(12)], settings);
    const journeyNps = counts.filter((c) => c.scopeKind === 'journey' && c.metric === 'nps');
    // f-1: nps 1 on 2026-11-21; f-12: nps 1 on 2026-11-20: two cells, one count each.
    expect(journeyNps.map((c) => [c.cycleStart, c.score, c.count])).toEqual([
      ['2026-11-21T00:00:00.000Z', 1, 1],
      ['2026-11-20T00:00:00.000Z', 1, 1],
    ]);
  });

  it('puts an answer in the cycle of its event time in the tenant zone, and records the cycle', () => {
    const late = fb(1, { occurredAt: '2026-11-20T23:30:00.000Z' });
    const rome: TenantSettings = { ...day, timeZone: 'Europe/Rome' };
    const f = foldFeedback([late], () => rome);
    expect(f.counts[0].cycleStart).toBe('2026-11-20T23:00:00.000Z');
    expect(f.cycles).toEqual([
      {
        tenantId: 'acme',
        cycleLength: 'day',
        cycleStart: '2026-11-20T23:00:00.000Z',
        cycleEnd: '2026-11-21T23:00:00.000Z',
        timeZone: 'Europe/Rome',
      },
    ]);
    const weekly = foldFeedback([late], () => ({ ...day, cycle: 'week' }));
    expect(weekly.cycles[0]).toMatchObject({ cycleLength: 'week', cycleStart: '2026-11-16T00:00:00.000Z' });
  });

  it("takes stage and channel from measure's journey when the event has none", () => {
    const tenant: TenantSettings = {
      ...day,
      touchpoints: new Map([['checkout', { stage: 'buy', channel: 'web', owner: 'payments' }]]),
    };
    const f = foldFeedback([fb(1, { stage: null, channel: null, segment: {} })], () => tenant);
    const scopes = new Set(f.counts.map((c) => `${c.scopeKind}:${c.scopeId}`));
    expect(scopes).toEqual(new Set(['journey:*', 'touchpoint:checkout', 'stage:buy', 'channel:web']));
  });

  it('counts responses, unhappy ones, their themes with NPS classes, and samples unhappy comments', () => {
    const items = [
      fb(1, { nps: 3, themes: ['billing'], comment: 'addebito doppio' }),
      fb(3, { nps: 9, themes: ['billing'], comment: 'ottimo' }),
      fb(5, { nps: 8, csat: 4, themes: [], comment: null }),
    ].map((f) => ({ ...f, occurredAt: '2026-11-20T10:00:00.000Z', segment: {} }));
    const f = foldFeedback(items, settings);
    const tp = (c: { scopeKind: string; scopeId: string }) =>
      c.scopeKind === 'touchpoint' && c.scopeId === 'checkout';
    expect(
      f.counts
        .filter((c) => tp(c) && c.metric === 'unhappy')
        .map((c) => [c.score, c.count])
        .sort(),
    ).toEqual([
      [0, 2],
      [1, 1],
    ]);
    expect(f.themes.filter(tp)).toEqual([
      expect.objectContaining({ theme: 'billing', responses: 2, unhappy: 1, promoters: 1, detractors: 1 }),
    ]);
    // Only the unhappy response's comment is evidence.
    expect(f.comments.filter(tp).map((c) => [c.feedbackId, c.comment])).toEqual([['f-1', 'addebito doppio']]);
  });

  it('counts unhappy answers by the one definition of libs/indicators: NPS 8 with CSAT 1 is unhappy', () => {
    const items = [
      fb(1, { nps: 8, csat: 1, ces: null }),
      fb(3, { nps: 9, csat: 5, ces: null, sentiment: -0.9 }),
      fb(5, { nps: null, csat: null, ces: null, emoji: null, sentiment: -0.2 }),
    ].map((f) => ({ ...f, occurredAt: '2026-11-20T10:00:00.000Z', segment: {} }));
    const unhappy = (f: FeedbackRecordedV1) =>
      foldFeedback([f], settings).counts.find(
        (c) => c.scopeKind === 'journey' && c.metric === 'unhappy' && c.count === 1,
      )!.score;
    expect(items.map(unhappy)).toEqual(items.map((f) => (isUnhappy(f) ? 1 : 0)));
    expect(items.map(unhappy)).toEqual([1, 0, 1]);
  });

  it('gives identical totals and samples however the stream is split into batches (seeded)', () => {
    const stream = Array.from({ length: 400 }, (_, i) => fb(i));
    const whole = totals([foldFeedback(stream, settings, 3)], 3);
    const rnd = seeded(42);
    for (let trial = 0; trial < 20; trial++) {
      const folds: Fold[] = [];
      for (let i = 0; i < stream.length;) {
        const n = 1 + Math.floor(rnd() * 40);
        folds.push(foldFeedback(stream.slice(i, i + n), settings, 3));
        i += n;
      }
      folds.reverse();
      expect(totals(folds, 3)).toEqual(whole);
    }
    expect(whole.size).toBeGreaterThan(100);
  });

  // What measure cannot count never reaches the fold: the consumer's door checks each event
  // against its topic's JSON Schema (decodeEvents → eventProblems) and names the field.
  it('names what is wrong with a feedback it cannot count', () => {
    const problems = (f: FeedbackRecordedV1) => eventProblems(Topic.FeedbackRecorded, f);
    expect(problems(fb(1))).toEqual([]);
    expect(problems(fb(1, { nps: 11 }))).toEqual([
      { field: 'nps', reason: 'nps must not be greater than 10' },
    ]);
    expect(problems(fb(1, { csat: 2.5 }))).toEqual([
      { field: 'csat', reason: 'csat must be an integer number or null' },
    ]);
    expect(problems(fb(1, { occurredAt: 'yesterday' }))).toEqual([
      { field: 'occurredAt', reason: 'occurredAt must be a date-time' },
    ]);
    expect(problems(fb(1, { sentiment: 3 }))).toEqual([
      { field: 'sentiment', reason: 'sentiment must not be greater than 1' },
    ]);
    expect(problems(fb(1, { touchpoint: '' }))[0].reason).toMatch(/^touchpoint must be 1–128 characters/);
  });
});

describe('foldInteractions', () => {
  it('counts abandonment over offered, transfers over answered, FCR where known, and mean seconds', () => {
    const items = [
      call(1, { outcome: 'handled', transfers: 0, firstContactResolution: true, repeatContact: false }),
      call(3, { outcome: 'abandoned', transfers: 0, firstContactResolution: null, handleSeconds: null }),
      call(5, {
        outcome: 'transferred',
        transfers: 1,
        firstContactResolution: false,
        repeatContact: true,
        handleSeconds: 300,
      }),
      call(7, { outcome: 'handled', transfers: 2, firstContactResolution: true, waitSeconds: 12.4 }),
    ].map((i) => ({ ...i, startedAt: '2026-11-20T10:00:00.000Z', touchpoint: 'call-queue' }));
    const f = foldInteractions(items, settings);
    const journey = (metric: string) =>
      Object.fromEntries(
        f.counts
          .filter((c) => c.scopeKind === 'journey' && c.metric === metric)
          .map((c) => [c.score, c.count]),
      );
    expect(journey('abandoned')).toEqual({ 0: 3, 1: 1 });
    expect(journey('transferred')).toEqual({ 0: 1, 1: 2 });
    expect(journey('fcr')).toEqual({ 0: 1, 1: 2 });
    expect(journey('repeat')).toEqual({ 0: 3, 1: 1 });
    const wait = f.moments.find((m) => m.scopeKind === 'journey' && m.metric === 'wait')!;
    // 11 + 13 + 15 + 12 (12.4 on the whole-second grid).
    expect([wait.n, wait.sum, wait.min, wait.max]).toEqual([4, 51, 11, 15]);
    expect(f.moments.find((m) => m.scopeKind === 'journey' && m.metric === 'handle')!.n).toBe(3);
    // An interaction carries no segment: every other kind of scope is counted.
    expect(new Set(f.counts.map((c) => c.scopeKind))).toEqual(
      new Set(SCOPE_KINDS.filter((k) => k !== 'segment')),
    );
  });

  it('gives identical totals however the stream is split into batches (seeded)', () => {
    const stream = Array.from({ length: 300 }, (_, i) => call(i));
    const whole = totals([foldInteractions(stream, settings)]);
    const rnd = seeded(7);
    for (let trial = 0; trial < 10; trial++) {
      const folds: Fold[] = [];
      for (let i = 0; i < stream.length;) {
        const n = 1 + Math.floor(rnd() * 50);
        folds.push(foldInteractions(stream.slice(i, i + n), settings));
        i += n;
      }
      expect(totals(folds.reverse())).toEqual(whole);
    }
  });

  it('names what is wrong with an interaction it cannot count', () => {
    const problems = (i: InteractionRecordedV1) => eventProblems(Topic.InteractionRecorded, i);
    expect(problems(call(1))).toEqual([]);
    expect(problems(call(1, { waitSeconds: -3 }))).toEqual([
      { field: 'waitSeconds', reason: 'waitSeconds must not be less than 0' },
    ]);
    expect(problems(call(1, { outcome: 'lost' as never }))).toEqual([
      { field: 'outcome', reason: 'outcome must be one of handled, abandoned, transferred' },
    ]);
  });
});

describe('foldRevisions', () => {
  const revised = (
    i: number,
    now: Partial<InteractionRecordedV1>,
    previous: InteractionRevisedV1['previous'],
  ): InteractionRevisedV1 => ({ ...call(i, now), revision: 1, previous, causedBy: `i-${i + 100}` });
  const journeyCounts = (folds: Fold[]) => {
    const t = totals(folds);
    return Object.fromEntries(
      [...t]
        .filter(([k]) => k.startsWith('journey|') && /\|(fcr|repeat)\|/.test(k))
        .map(([k, v]) => [k.split('|').slice(3).join('|'), v]),
    );
  };

  it('takes back what the recorded event counted and counts the revised signals, in any order', () => {
    const first = call(1, { outcome: 'handled', firstContactResolution: true, repeatContact: false });
    const second = call(3, { outcome: 'handled', firstContactResolution: null, repeatContact: true });
    // The second call within the window: the first one was not resolved at first contact after all.
    const revision = revised(
      1,
      { outcome: 'handled', firstContactResolution: false, repeatContact: false },
      { repeatContact: false, firstContactResolution: true },
    );
    const recorded = foldInteractions([first, second], settings);
    const correction = foldRevisions([revision], settings);
    const expected = { 'fcr|0': 1, 'fcr|1': 0, 'repeat|0': 1, 'repeat|1': 1 };
    expect(journeyCounts([recorded, correction])).toEqual(expected);
    expect(journeyCounts([correction, recorded])).toEqual(expected);
    // As if the call had been recorded with what is true now.
    expect(
      journeyCounts([foldInteractions([{ ...first, firstContactResolution: false }, second], settings)]),
    ).toEqual({ 'fcr|0': 1, 'repeat|0': 1, 'repeat|1': 1 });
    // The correction alone sends negative increments for what it takes back.
    expect(
      correction.counts.filter((c) => c.scopeKind === 'journey').map((c) => [c.metric, c.score, c.count]),
    ).toEqual([
      ['fcr', 0, 1],
      ['fcr', 1, -1],
    ]);
    // ...and touches the interaction's cycle, so a closed cycle is evaluated again.
    expect(correction.cycles.map((c) => c.cycleStart)).toEqual(
      recorded.cycles.map((c) => c.cycleStart).slice(0, 1),
    );
  });

  it('counts nothing for a revision that changes nothing, and FCR only where it is known', () => {
    const same = revised(
      1,
      { repeatContact: false, firstContactResolution: true },
      {
        repeatContact: false,
        firstContactResolution: true,
      },
    );
    expect(foldRevisions([same], settings).counts).toEqual([]);
    const nowRepeat = revised(
      2,
      { repeatContact: true, firstContactResolution: null },
      {
        repeatContact: false,
        firstContactResolution: null,
      },
    );
    expect(journeyCounts([foldRevisions([nowRepeat], settings)])).toEqual({ 'repeat|0': -1, 'repeat|1': 1 });
  });

  it('refuses a revision without usable previous signals, naming the field', () => {
    const ok = revised(1, {}, { repeatContact: false, firstContactResolution: null });
    const problems = (i: InteractionRevisedV1) => eventProblems(Topic.InteractionRevised, i);
    expect(problems(ok)).toEqual([]);
    expect(problems({ ...ok, previous: null as never })).toEqual([
      { field: 'previous', reason: 'previous must be an object' },
    ]);
    expect(problems({ ...ok, previous: { firstContactResolution: true } as never })).toEqual([
      { field: 'previous.repeatContact', reason: 'repeatContact is required' },
    ]);
    expect(
      problems({ ...ok, previous: { repeatContact: true, firstContactResolution: 'yes' } as never }),
    ).toEqual([
      {
        field: 'previous.firstContactResolution',
        reason: 'firstContactResolution must be a boolean value or null',
      },
    ]);
    expect(problems({ ...ok, outcome: 'lost' as never })).toEqual([
      { field: 'outcome', reason: 'outcome must be one of handled, abandoned, transferred' },
    ]);
  });
});
