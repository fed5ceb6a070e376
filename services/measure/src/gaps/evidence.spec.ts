import type { CommentSample } from '../aggregation/cells';
import type { ThemeTotals } from '../aggregation/aggregation.repository';
import { gapKey, growingThemes, sampleComments } from './evidence';

const t = (unhappy: number): ThemeTotals => ({
  responses: unhappy + 5,
  unhappy,
  promoters: 0,
  passives: 0,
  detractors: unhappy,
});

function sample(id: string, comment: string, themes: string[]): CommentSample {
  return {
    tenantId: 'acme',
    cycleLength: 'day',
    cycleStart: '2026-11-21T00:00:00.000Z',
    scopeKind: 'touchpoint',
    scopeId: 'checkout',
    feedbackId: id,
    occurredAt: '2026-11-21T10:00:00.000Z',
    comment,
    themes,
    fromCustomer: false,
  };
}

describe('gap evidence', () => {
  it('ranks themes by the growth of their share among unhappy answers', () => {
    const now = {
      themes: new Map([
        ['billing', t(40)],
        ['price', t(8)],
        ['delivery', t(10)],
      ]),
      unhappy: 80,
    };
    const before = {
      themes: new Map([
        ['price', t(9)],
        ['delivery', t(2)],
      ]),
      unhappy: 30,
    };
    expect(growingThemes(now, before)).toEqual([
      // 40/80 − 0; 10/80 − 2/30; price fell from 0.3 to 0.1 and is left out.
      { theme: 'billing', share: 0.5, change: 0.5 },
      { theme: 'delivery', share: 0.125, change: 0.058 },
    ]);
    expect(growingThemes({ themes: new Map(), unhappy: 0 }, null)).toEqual([]);
    expect(growingThemes(now, null).map((x) => x.theme)).toEqual(['billing', 'delivery', 'price']);
  });

  it('prefers comments on growing themes and redacts them again', () => {
    const samples = [
      sample('f-9', 'troppo caro', ['price']),
      sample('f-8', 'addebito doppio, scrivete a mario.rossi@example.com', ['billing']),
      sample('f-7', 'niente', []),
    ];
    expect(sampleComments(samples, [{ theme: 'billing', share: 0.5, change: 0.5 }], 2)).toEqual([
      'addebito doppio, scrivete a [EMAIL]',
      'troppo caro',
    ]);
  });

  it('keys a gap by tenant, scope, indicator and cycle, early warnings apart', () => {
    const cycle = { length: 'day', start: '2026-11-21T00:00:00.000Z' } as const;
    expect(gapKey('acme', { kind: 'touchpoint', id: 'checkout' }, 'nps/v1', cycle)).toBe(
      'acme|touchpoint|checkout|nps/v1|day|2026-11-21T00:00:00.000Z',
    );
    expect(gapKey('acme', { kind: 'segment', id: 'plan=a|b' }, 'nps/v1', cycle, true)).toBe(
      'acme|segment|plan=a%7Cb|nps/v1|day|2026-11-21T00:00:00.000Z|early-warning',
    );
  });
});
