/** The gaps route as OpenAPI shows it: the gaps as `cx.gaps.v1` carries them. */
import { GAP_DETECTED_SCHEMA, type GapDetectedV1 } from '@continuum/contracts';
import { listOf, type JsonSchema } from '@continuum/platform';

export const GAPS_VIEW: JsonSchema = listOf(GAP_DETECTED_SCHEMA);

const GAP_EXAMPLE: GapDetectedV1 = {
  tenantId: 'acme',
  gapKey: 'acme|stage:support|nps/v1|week:2026-02-23|vs-previous',
  kind: 'vs-previous',
  scope: { kind: 'stage', id: 'support' },
  indicator: 'nps/v1',
  cycle: { length: 'week', start: '2026-02-23T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' },
  previous: 22,
  current: 4,
  nPrevious: 380,
  nCurrent: 402,
  delta: -18,
  ci: [-27.5, -8.5],
  p: 0.0002,
  q: 0.004,
  target: null,
  stage: 'support',
  owner: 'customer-care',
  themes: [{ theme: 'waiting', share: 0.31, change: 0.12 }],
  sampleComments: ['Attesa infinita al telefono'],
};
export const GAPS_EXAMPLE = { items: [GAP_EXAMPLE] };
