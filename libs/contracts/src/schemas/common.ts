/** Building blocks of the payload schemas; `as const` so `FromSchema` can read them. */
import { ID_MESSAGE, ID_PATTERN } from '../dto/feedback.dto';
import { INSTANT_PATTERN, PLAUSIBLE_INSTANT_REASON } from '../dto/validators';
import { CYCLE_LENGTHS, SCOPE_KINDS } from '../events';
import { explainPattern } from './validator';

explainPattern(ID_PATTERN, ID_MESSAGE);
explainPattern(INSTANT_PATTERN, `$property ${PLAUSIBLE_INSTANT_REASON}`);

/** Text that is not only blanks. */
export const NON_BLANK = '\\S';
explainPattern(NON_BLANK, '$property must be a non-empty string');

export const ID = { type: 'string', pattern: ID_PATTERN.source } as const;

/** A customer on a topic (issue 20 item 2): never the raw id unless the tenant chose so. */
export const TOPIC_CUSTOMER_ID = {
  ...ID,
  description:
    "The customer as the tenant's events name them: a pseudonym (`psn_` and a keyed hash; listen resolves it for people allowed to see customers) unless the tenant opted into raw ids on topics.",
} as const;

/** An instant as Continuum writes it (`Date#toISOString`, UTC). */
export const INSTANT = { type: 'string', format: 'date-time' } as const;

/** An instant as senders may write it: seconds optional, any offset. */
export const INPUT_INSTANT = { type: 'string', pattern: INSTANT_PATTERN.source } as const;

export const STRINGS = { type: 'array', items: { type: 'string' } } as const;

export const SCOPE = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'id'],
  properties: {
    kind: { enum: SCOPE_KINDS },
    id: {
      type: 'string',
      description: 'touchpoint id, stage id, channel, `key=value` for segments, `*` for the journey',
    },
  },
} as const;

export const CYCLE_LENGTH = { enum: CYCLE_LENGTHS } as const;

export const CYCLE = {
  type: 'object',
  additionalProperties: false,
  required: ['length', 'start', 'end'],
  description: "A calendar period of the tenant's time zone; `end` is exclusive.",
  properties: { length: CYCLE_LENGTH, start: INSTANT, end: INSTANT },
} as const;

export const INTERVAL = {
  type: 'array',
  items: [{ type: 'number' }, { type: 'number' }],
  minItems: 2,
  additionalItems: false,
  description: '[low, high]',
} as const;

export const NULLABLE_INTERVAL = { ...INTERVAL, type: ['array', 'null'] } as const;
