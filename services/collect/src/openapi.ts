import type { OpenApiInfo } from '@continuum/platform';

export const OPENAPI_INFO: OpenApiInfo = {
  title: 'Continuum collect',
  description:
    'The public collection surface: hosted survey pages at `/s/<token>` (server-rendered HTML) and their answers. Links are signed, single-use and expiring; answers enter the loop as feedback on `cx.feedback.raw.v1`, once per invitation.',
};
