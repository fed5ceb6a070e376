// Indicator definitions. Every computed value carries one of these identifiers so a stored number
// can always be traced to the exact formula that produced it; a changed formula gets a new /vN.

export const INDICATOR_IDS = [
  'nps/v1',
  'csat/top2box-5/v1',
  'ces/mean-7/v1',
  'emoji/mean-5/v1',
  'sentiment/mean/v1',
  'responses/count/v1',
  'abandonment/rate/v1',
  'transfer/rate/v1',
  'fcr/rate/v1',
  'repeat-contact/rate/v1',
  'wait/mean-seconds/v1',
  'hold/mean-seconds/v1',
  'handle/mean-seconds/v1',
  'response/rate/v1',
] as const;

export type IndicatorId = (typeof INDICATOR_IDS)[number];

/** Shape of the mergeable state kept per cell (see aggregates.ts); 'count' is only for volumes. */
export type IndicatorKind = 'histogram' | 'proportion' | 'mean' | 'count';

export type Direction = 'higher-is-better' | 'lower-is-better';

/** Display unit of the computed value (and of deltas and minimum effects). */
export type IndicatorUnit = 'nps-points' | 'percent' | 'score' | 'seconds' | 'responses';

export interface ScoreDomain {
  readonly min: number;
  readonly max: number;
}

export interface IndicatorDefinition {
  readonly id: IndicatorId;
  readonly label: string;
  readonly unit: IndicatorUnit;
  readonly direction: Direction;
  readonly kind: IndicatorKind;
  /** Integer score range, for histogram indicators. */
  readonly domain: ScoreDomain | null;
  /** Grid units per value unit for mean indicators: observations are rounded to 1/scale (exact sums). */
  readonly scale: number | null;
  /** Smallest change worth acting on, in `unit`; null where gaps are not evaluated. */
  readonly minimumEffect: number | null;
}

export const NPS_DOMAIN: ScoreDomain = { min: 0, max: 10 };
export const CSAT_DOMAIN: ScoreDomain = { min: 1, max: 5 };
export const CES_DOMAIN: ScoreDomain = { min: 1, max: 7 };
export const EMOJI_DOMAIN: ScoreDomain = { min: 1, max: 5 };

const histogram = (domain: ScoreDomain) => ({ kind: 'histogram', domain, scale: null }) as const;
const proportion = { kind: 'proportion', domain: null, scale: null, unit: 'percent' } as const;
const mean = (scale: number) => ({ kind: 'mean', domain: null, scale }) as const;

export const INDICATORS = {
  'nps/v1': {
    id: 'nps/v1',
    label: 'Net Promoter Score',
    unit: 'nps-points',
    direction: 'higher-is-better',
    ...histogram(NPS_DOMAIN),
    minimumEffect: 5,
  },
  'csat/top2box-5/v1': {
    id: 'csat/top2box-5/v1',
    label: 'CSAT (top-2-box, 1–5)',
    unit: 'percent',
    direction: 'higher-is-better',
    ...histogram(CSAT_DOMAIN),
    minimumEffect: 3,
  },
  'ces/mean-7/v1': {
    id: 'ces/mean-7/v1',
    label: 'Customer Effort Score (CES 2.0, 1–7, higher is easier)',
    unit: 'score',
    direction: 'higher-is-better',
    ...histogram(CES_DOMAIN),
    minimumEffect: 0.2,
  },
  'emoji/mean-5/v1': {
    id: 'emoji/mean-5/v1',
    label: 'Emoji rating (1–5)',
    unit: 'score',
    direction: 'higher-is-better',
    ...histogram(EMOJI_DOMAIN),
    minimumEffect: 0.2,
  },
  'sentiment/mean/v1': {
    id: 'sentiment/mean/v1',
    label: 'Mean sentiment',
    unit: 'score',
    direction: 'higher-is-better',
    // Resolution 0.001 is far finer than any sentiment model's meaningful precision.
    ...mean(1000),
    minimumEffect: 0.05,
  },
  'responses/count/v1': {
    id: 'responses/count/v1',
    label: 'Responses',
    unit: 'responses',
    direction: 'higher-is-better',
    kind: 'count',
    domain: null,
    scale: null,
    minimumEffect: null,
  },
  'abandonment/rate/v1': {
    id: 'abandonment/rate/v1',
    label: 'Abandonment rate',
    direction: 'lower-is-better',
    ...proportion,
    minimumEffect: 2,
  },
  'transfer/rate/v1': {
    id: 'transfer/rate/v1',
    label: 'Transfer rate',
    direction: 'lower-is-better',
    ...proportion,
    minimumEffect: 2,
  },
  'fcr/rate/v1': {
    id: 'fcr/rate/v1',
    label: 'First-contact resolution rate',
    direction: 'higher-is-better',
    ...proportion,
    minimumEffect: 2,
  },
  'repeat-contact/rate/v1': {
    id: 'repeat-contact/rate/v1',
    label: 'Repeat-contact rate',
    direction: 'lower-is-better',
    ...proportion,
    minimumEffect: 2,
  },
  // Durations on a whole-second grid, the resolution contact-centre platforms report.
  'wait/mean-seconds/v1': {
    id: 'wait/mean-seconds/v1',
    label: 'Mean wait time',
    unit: 'seconds',
    direction: 'lower-is-better',
    ...mean(1),
    minimumEffect: 10,
  },
  'hold/mean-seconds/v1': {
    id: 'hold/mean-seconds/v1',
    label: 'Mean hold time',
    unit: 'seconds',
    direction: 'lower-is-better',
    ...mean(1),
    minimumEffect: 10,
  },
  'handle/mean-seconds/v1': {
    id: 'handle/mean-seconds/v1',
    label: 'Mean handle time',
    unit: 'seconds',
    direction: 'lower-is-better',
    ...mean(1),
    minimumEffect: 30,
  },
  // Of the invitations the mail server accepted (delivered) in the cycle they were judged in, the
  // share answered on collect; bounced, failed and skipped ones are not in the denominator.
  'response/rate/v1': {
    id: 'response/rate/v1',
    label: 'Response rate (answered ÷ delivered invitations)',
    direction: 'higher-is-better',
    ...proportion,
    minimumEffect: null,
  },
} as const satisfies { readonly [K in IndicatorId]: IndicatorDefinition & { readonly id: K } };

export type KindOf<K extends IndicatorId> = (typeof INDICATORS)[K]['kind'];

/**
 * Indicators whose gaps are tested (volumes are context, not a quality signal; the response rate
 * is the funnel's, computed from invitation statuses outside the per-cell feedback state).
 */
export type TestableIndicatorId = Exclude<IndicatorId, 'responses/count/v1' | 'response/rate/v1'>;

/** Indicators measure computes from invitation statuses, not from feedback or interactions. */
export const FUNNEL_INDICATOR_IDS = ['response/rate/v1'] as const satisfies readonly IndicatorId[];

export type RateIndicatorId = { [K in IndicatorId]: KindOf<K> extends 'proportion' ? K : never }[IndicatorId];
export type MeanIndicatorId = { [K in IndicatorId]: KindOf<K> extends 'mean' ? K : never }[IndicatorId];
export type DurationIndicatorId = 'wait/mean-seconds/v1' | 'hold/mean-seconds/v1' | 'handle/mean-seconds/v1';

export function indicatorDefinition(id: IndicatorId): IndicatorDefinition {
  return INDICATORS[id];
}

export function isTestableIndicatorId(value: string): value is TestableIndicatorId {
  return isIndicatorId(value) && value !== 'responses/count/v1' && value !== 'response/rate/v1';
}

export function isIndicatorId(value: string): value is IndicatorId {
  return (INDICATOR_IDS as readonly string[]).includes(value);
}
