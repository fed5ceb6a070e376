/**
 * Accuracy on the hand-labelled sets, per split, and per kind on the hard sets (irony,
 * counterfactuals, concessives, litotes, failure reports, plain controls). The floors guard
 * against regressions: each sits at what was measured when it was set, except the hard holdout's,
 * which is the bar issue 21 set. `fresh` and `hard-holdout` were never tuned on; `hard-holdout`
 * is scored once per scorer change (log in hard-holdout.scores.md).
 */
import { analyzeComment } from '../analyze';
import { HARD_DEV } from './hard-dev';
import { HARD_HOLDOUT } from './hard-holdout';
import {
  LABELLED,
  type CommentKind,
  type KindedComment,
  type LabelledComment,
  type Polarity,
} from './labelled';

/** |score| below this is neutral. */
const NEUTRAL_BAND = 0.1;

const polarityOf = (score: number): Polarity =>
  Math.abs(score) < NEUTRAL_BAND ? 'neu' : score > 0 ? 'pos' : 'neg';

type Scored = Pick<LabelledComment, 'lang' | 'polarity' | 'themes'> & {
  readonly kind?: CommentKind;
  readonly polarityOk: boolean;
  readonly langOk: boolean;
  readonly found: readonly string[];
};

interface Metrics {
  readonly n: number;
  readonly language: number;
  readonly polarity: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

function score(items: readonly (LabelledComment | KindedComment)[]): Scored[] {
  return items.map((c) => {
    const r = analyzeComment(c.text);
    return {
      ...c,
      polarityOk: polarityOf(r.sentiment) === c.polarity,
      langOk: r.language === c.lang,
      found: r.themes,
    };
  });
}

function measure(items: readonly Scored[]): Metrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const c of items) {
    const expected = new Set(c.themes);
    const hits = c.found.filter((t) => expected.has(t)).length;
    tp += hits;
    fp += c.found.length - hits;
    fn += expected.size - hits;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    n: items.length,
    language: items.filter((c) => c.langOk).length / items.length,
    polarity: items.filter((c) => c.polarityOk).length / items.length,
    precision,
    recall,
    f1,
  };
}

const SPLITS = {
  dev: score(LABELLED.filter((c) => c.split === 'dev')),
  holdout: score(LABELLED.filter((c) => c.split === 'holdout')),
  fresh: score(LABELLED.filter((c) => c.split === 'fresh')),
  'dev+holdout': score(LABELLED.filter((c) => c.split !== 'fresh')),
  all: score(LABELLED),
  'hard-dev': score(HARD_DEV),
  'hard-holdout': score(HARD_HOLDOUT),
};
type Split = keyof typeof SPLITS;

// Polarity floors are the counts measured after issue 21 item 5 (before it: dev 42/42, holdout
// 40/42, fresh 16/24, all 98/108), so any lost comment fails; theme F1 did not move. On the hard
// holdout the floor is the acceptance bar of the issue, 0.90 (measured 215/234).
const FLOORS: Record<Split, { language: number; polarity: number; f1: number }> = {
  dev: { language: 1, polarity: 1, f1: 1 },
  holdout: { language: 1, polarity: 41 / 42, f1: 0.989 },
  fresh: { language: 1, polarity: 18 / 24, f1: 0.833 },
  'dev+holdout': { language: 1, polarity: 83 / 84, f1: 0.994 },
  all: { language: 1, polarity: 101 / 108, f1: 0.969 },
  'hard-dev': { language: 1, polarity: 317 / 329, f1: 0.872 },
  'hard-holdout': { language: 1, polarity: 0.9, f1: 0.84 },
};

/** Per-kind columns of the hard-set table; controls are split by their polarity. */
const COLUMNS: { name: string; keep: (c: Scored) => boolean }[] = [
  ...(['irony', 'counterfactual', 'concessive', 'litotes', 'failure'] as const).map((k) => ({
    name: k.slice(0, 8),
    keep: (c: Scored) => c.kind === k,
  })),
  ...(['pos', 'neg', 'neu'] as const).map((p) => ({
    name: `ctl-${p}`,
    keep: (c: Scored) => c.kind === 'control' && c.polarity === p,
  })),
  { name: 'it', keep: (c: Scored) => c.lang === 'it' },
  { name: 'en', keep: (c: Scored) => c.lang === 'en' },
];

describe('accuracy on the labelled set', () => {
  const results = Object.fromEntries(Object.entries(SPLITS).map(([k, v]) => [k, measure(v)])) as Record<
    Split,
    Metrics
  >;

  beforeAll(() => {
    const pct = (x: number): string => x.toFixed(2).padStart(8);
    const rows = Object.entries(results).map(
      ([k, m]) =>
        `${k.padEnd(13)}${String(m.n).padStart(4)}${pct(m.language)}${pct(m.polarity)}${pct(m.precision)}${pct(m.recall)}${pct(m.f1)}`,
    );
    const kindRows = (['hard-dev', 'hard-holdout'] as const).map((split) => {
      const cells = COLUMNS.map(({ keep }) => {
        const part = SPLITS[split].filter(keep);
        const ok = part.filter((c) => c.polarityOk).length;
        return `${ok}/${part.length}`.padStart(9);
      });
      return `${split.padEnd(13)}${cells.join('')}`;
    });
    console.log(
      [
        `split           n    lang  polarity theme-P  theme-R  theme-F1 (neutral band |s| < ${NEUTRAL_BAND})`,
        ...rows,
        '',
        `${'per kind'.padEnd(13)}${COLUMNS.map((c) => c.name.padStart(9)).join('')}`,
        ...kindRows,
      ].join('\n'),
    );
  });

  it('has labelled sets of the agreed size and mix', () => {
    const base = SPLITS['dev+holdout'];
    expect(base.filter((c) => c.lang === 'it').length).toBeGreaterThanOrEqual(30);
    expect(base.filter((c) => c.lang === 'en').length).toBeGreaterThanOrEqual(30);
    for (const p of ['pos', 'neg', 'neu'] as const) expect(base.some((c) => c.polarity === p)).toBe(true);
    expect(SPLITS.holdout.length).toBe(SPLITS.dev.length);
    for (const split of ['hard-dev', 'hard-holdout'] as const) {
      const set = SPLITS[split];
      expect(set.length).toBeGreaterThanOrEqual(200);
      for (const { name, keep } of COLUMNS)
        expect({ name, n: set.filter(keep).length >= 14 }).toEqual({ name, n: true });
    }
  });

  it.each(Object.keys(SPLITS) as Split[])('%s stays above its floors', (split) => {
    const m = results[split];
    const floor = FLOORS[split];
    // The floors are ratios of small counts: compare with a hair of slack for float rounding.
    expect(m.language).toBeGreaterThanOrEqual(floor.language - 1e-9);
    expect(m.polarity).toBeGreaterThanOrEqual(floor.polarity - 1e-9);
    expect(m.f1).toBeGreaterThanOrEqual(floor.f1);
  });
});
