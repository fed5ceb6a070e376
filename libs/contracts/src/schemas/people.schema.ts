/** Bodies of people's routes (users, keys, notes), checked against their DTOs at compile time. */
import { KEY_SCOPE_NAMES, ROLE_NAMES, type NewKeyDto, type NoteDto, type UserDto } from '../dto/people.dto';
import type { Expect, SchemaMatches } from './check';

export const USER_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['roles', 'teams'],
  description: 'Give `subject` (the `sub` at the identity provider), `email`, or both.',
  properties: {
    subject: { type: 'string', minLength: 1, maxLength: 255 },
    email: { type: 'string', format: 'email', maxLength: 254 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    roles: { type: 'array', maxItems: 4, items: { enum: ROLE_NAMES } },
    teams: {
      type: 'array',
      maxItems: 100,
      items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$' },
      description: 'Teams of the journey map whose actions the person works (as an agent).',
    },
  },
} as const;

export const NEW_KEY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['scopes'],
  properties: {
    scopes: {
      type: 'array',
      minItems: 1,
      maxItems: 4,
      items: { enum: KEY_SCOPE_NAMES },
      description:
        '`ingest:widget` makes a publishable key (`cpk_…`) for the web widget; it takes no other scope.',
    },
    name: { type: 'string', minLength: 1, maxLength: 100, description: 'What the key is for.' },
    origins: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: { type: 'string', pattern: '^https?://[a-z0-9.-]+(:\\d{1,5})?$' },
      description: 'The web origins a widget key may be used from (required with `ingest:widget` only).',
    },
  },
} as const;

export const NOTE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  properties: { text: { type: 'string', minLength: 1, maxLength: 4000 } },
} as const;

export type PeopleSchemaChecks = [
  Expect<SchemaMatches<typeof USER_BODY_SCHEMA, UserDto>>,
  Expect<SchemaMatches<typeof NEW_KEY_SCHEMA, NewKeyDto>>,
  Expect<SchemaMatches<typeof NOTE_SCHEMA, NoteDto>>,
];
