import type { OpenApiInfo } from '@continuum/platform';

export const OPENAPI_INFO: OpenApiInfo = {
  title: 'Continuum collect',
  description:
    'The public collection surface: hosted survey pages at `/s/<token>` (server-rendered HTML) and their answers, and the web widget (`/widget.js` and its two posts, behind a publishable `ingest:widget` key used from its allowed origins). Links are signed, single-use and expiring; answers enter the loop as feedback on `cx.feedback.raw.v1`, once per invitation or widget submission. Survey pages are rate limited per link and per address (429 with Retry-After).',
};
