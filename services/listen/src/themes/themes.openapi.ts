/** The taxonomy routes as OpenAPI shows them: the contracts' taxonomy schema, and what GET adds. */
import { TAXONOMY_SCHEMA, THEME_SCHEMA } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';
import { withDefault } from '../openapi';

export const THEMES_BODY = TAXONOMY_SCHEMA as unknown as JsonSchema;
export const THEMES_EXAMPLE = {
  themes: [
    {
      id: 'payment-failure',
      labels: { it: 'Pagamento fallito', en: 'Payment failure' },
      keywords: { it: ['pagamento fallito', 'carta rifiutata'], en: ['payment failed', 'card declined'] },
    },
  ],
};
export const THEMES_VIEW = withDefault(
  { themes: { type: 'array', items: THEME_SCHEMA } },
  "True while the tenant uses Continuum's default taxonomy.",
);
export const THEMES_VIEW_EXAMPLE = { ...THEMES_EXAMPLE, default: false };
