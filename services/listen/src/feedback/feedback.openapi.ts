/** The request and answer schemas of the feedback routes, as OpenAPI shows them. */
import { FEEDBACK_RECORDED_SCHEMA, RAW_FEEDBACK_SCHEMA } from '@continuum/contracts';
import { asPublic, pageOf, withoutProperty, withoutTenant } from '../openapi';

export const FEEDBACK_BODY = withoutTenant(RAW_FEEDBACK_SCHEMA);
export const FEEDBACK_EXAMPLE = {
  id: 'f-1',
  touchpoint: 'checkout',
  nps: 3,
  comment: 'Pagamento fallito, attesa infinita',
  segment: { plan: 'fibra' },
};
/** The API shows the comment in clear: `sealedComment` exists on the topic only. */
export const FEEDBACK_VIEW = withoutProperty(
  asPublic(FEEDBACK_RECORDED_SCHEMA, 'feedbackId'),
  'sealedComment',
);
export const FEEDBACK_VIEW_EXAMPLE = {
  id: 'f-1',
  touchpoint: 'checkout',
  stage: 'buy',
  owner: 'e-commerce',
  channel: 'web',
  customerId: null,
  occurredAt: '2026-03-02T09:15:00.000Z',
  receivedAt: '2026-03-02T09:15:00.412Z',
  nps: 3,
  csat: null,
  ces: null,
  emoji: null,
  comment: 'Pagamento fallito, attesa infinita',
  language: 'it',
  sentiment: -0.6,
  themes: ['payment-failure', 'waiting'],
  segment: { plan: 'fibra' },
  consentToContact: false,
  flags: [],
};
export const FEEDBACK_PAGE = pageOf(FEEDBACK_VIEW);
