/**
 * A tenant's theme taxonomy (`PUT /v1/themes`): the shape of every field. What needs the text
 * analytics (keywords that compile, duplicate ids or stems) is `taxonomyProblems` in libs/text.
 */
import { NON_BLANK } from './common';
import { explainPattern } from './validator';

const KEBAB = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
explainPattern(KEBAB, '$property must be kebab-case (a-z, 0-9 and "-"), e.g. "waiting-time"');

export const MAX_THEMES = 200;
export const MAX_KEYWORDS = 500;

const LABEL = { type: 'string', minLength: 1, maxLength: 200, pattern: NON_BLANK } as const;
const KEYWORDS = {
  type: 'array',
  maxItems: MAX_KEYWORDS,
  items: { type: 'string', maxLength: 200 },
} as const;

export const THEME_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'labels', 'keywords'],
  properties: {
    id: {
      type: 'string',
      maxLength: 100,
      pattern: KEBAB,
      description: 'Stable kebab-case id, stored with each analysed comment.',
    },
    labels: {
      type: 'object',
      additionalProperties: false,
      required: ['it', 'en'],
      properties: { it: LABEL, en: LABEL },
    },
    keywords: {
      type: 'object',
      additionalProperties: false,
      description:
        'Per language: words (matched by stem), `prefix*`, or phrases whose content words occur close together.',
      properties: { it: KEYWORDS, en: KEYWORDS },
    },
  },
} as const;

export const TAXONOMY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['themes'],
  properties: { themes: { type: 'array', minItems: 1, maxItems: MAX_THEMES, items: THEME_SCHEMA } },
} as const;
