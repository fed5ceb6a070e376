/**
 * measure's OpenAPI: the document's title. Each read endpoint's answer schema is next to its
 * controller (`*.openapi.ts`; indicator values and gaps are the payload schemas of
 * `@continuum/contracts`), the scope and range parameters next to their query classes.
 */
import type { OpenApiInfo } from '@continuum/platform';

/** The title and description of measure's OpenAPI document (`/docs`). */
export const OPENAPI_INFO: OpenApiInfo = {
  title: 'Continuum measure',
  description:
    'Indicators per cycle and scope, detected gaps with their evidence, and the drivers of NPS. Every endpoint but health, metrics and these docs needs `Authorization: Bearer <tenant API key>`; errors are RFC 9457 `application/problem+json`.',
};
