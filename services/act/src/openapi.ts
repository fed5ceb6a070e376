/**
 * act's OpenAPI: the document's title. Each feature's request and answer schemas are next to its
 * controller (`*.openapi.ts`): actions use the payload schema of `@continuum/contracts` (what
 * `cx.actions.v1` carries), playbooks the playbook document's JSON Schema.
 */
import type { OpenApiInfo } from '@continuum/platform';

/** The title and description of act's OpenAPI document (`/docs`). */
export const OPENAPI_INFO: OpenApiInfo = {
  title: 'Continuum act',
  description:
    'Playbooks, the actions they raise and their lifecycle, action effectiveness, and signed webhooks. Every endpoint but health, metrics and these docs needs `Authorization: Bearer <tenant API key>`; errors are RFC 9457 `application/problem+json`.',
};
