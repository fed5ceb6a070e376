import type { FeedbackRecordedV1 } from '@continuum/contracts';
import { foldFeedback, scopesOf, type CycleSettings } from './cells';

function fb(i: number, over: Partial<FeedbackRecordedV1> = {}): FeedbackRecordedV1 {
  return {
    feedbackId: `f-${i}`,
    tenantId: 'acme',
    touchpoint: i % 2 ? 'checkout' : 'ivr',
    stage: i % 3 ? 'buy' : null,
    owner: null,
    channel: i % 2 ? 'web' : 'voice',
    customerId: null,
    occurredAt: new Date(Date.UTC(2026, 10, 20 + (i % 3), 12)).toISOString(),
    receivedAt: '2026-11-23T00:00:00.000Z',
    nps: i % 11,
    csat: (i % 5) + 1,
    ces: null,
    emoji: null,
    comment: null,
    language: null,
    sentiment: ((i % 7) - 3) / 3.3,
    themes: [],
    segment: i % 4 ? { plan: 'fibra' } : {},
    consentToContact: false,
    flags: [],
    ...over,
  };
}

const day: CycleSettings = { length: 'day', timeZone: 'UTC' };

/** Sums a fold's increments per key, so folds of different batchings can be compared. */
function totals(items: FeedbackRecordedV1[][]): Map<string, number> {
  const t = new Map<string, number>();
  for (const batch of items) {
    const { counts, moments } = foldFeedback(batch, () => day);
    for (const c of counts) {
      const k = [c.scopeKind, c.scopeId, c.cycleStart, c.metric, c.score].join('|');
      t.set(k, (t.get(k) ?? 0) + c.count);
    }
    for (const m of moments) {
      for (const [f, v] of [
        ['n', m.n],
        ['sum', m.sum],
        ['sumSq', m.sumSq],
      ] as const) {
        const k = [m.scopeKind, m.scopeId, m.cycleStart, m.metric, f].join('|');
        t.set(k, (t.get(k) ?? 0) + v);
      }
    }
  }
  return t;
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
    const { counts } = foldFeedback([fb(1), fb(12)], () => day);
    const journeyNps = counts.filter((c) => c.scopeKind === 'journey' && c.metric === 'nps');
    // f-1: nps 1 on 2026-11-21; f-12: nps 1 on 2026-11-20: two cells, one count each.
    expect(journeyNps.map((c) => [c.cycleStart, c.score, c.count])).toEqual([
      ['2026-11-21T00:00:00.000Z', 1, 1],
      ['2026-11-20T00:00:00.000Z', 1, 1],
    ]);
  });

  it('puts an answer in the cycle of its event time in the tenant zone', () => {
    const late = fb(1, { occurredAt: '2026-11-20T23:30:00.000Z' });
    const rome = foldFeedback([late], () => ({ length: 'day', timeZone: 'Europe/Rome' })).counts[0];
    expect(rome.cycleStart).toBe('2026-11-20T23:00:00.000Z');
  });

  it('gives identical totals however the stream is split into batches (seeded)', () => {
    const stream = Array.from({ length: 300 }, (_, i) => fb(i));
    const whole = totals([stream]);
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 20; trial++) {
      const batches: FeedbackRecordedV1[][] = [];
      for (let i = 0; i < stream.length;) {
        const n = 1 + Math.floor(rnd() * 40);
        batches.push(stream.slice(i, i + n));
        i += n;
      }
      batches.reverse();
      expect(totals(batches)).toEqual(whole);
    }
    expect(whole.size).toBeGreaterThan(50);
  });
});
