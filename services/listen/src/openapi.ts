/**
 * listen's OpenAPI: the document's title, and the pieces its features' schemas share. Each feature
 * keeps its request and answer schemas next to its controller (`*.openapi.ts`); payload schemas
 * come from `@continuum/contracts` (the same ones the AsyncAPI document and the compile-time checks
 * use), so what is written here is only what HTTP shows.
 */
import { ID } from '@continuum/contracts';
import { answer, type EndpointDoc, type JsonSchema, type OpenApiInfo } from '@continuum/platform';

/** The title and description of listen's OpenAPI document (`/docs`). */
export const OPENAPI_INFO: OpenApiInfo = {
  title: 'Continuum listen',
  description:
    "Feedback, interactions and invitations in; the tenant's journey map, themes, contact policy and CSV imports. Every endpoint but health, metrics and these docs needs `Authorization: Bearer <tenant API key or a person's access token>`; users, keys and the audit trail of the tenant are served here; errors are RFC 9457 `application/problem+json`.",
};

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A raw-topic schema as HTTP takes it: the API key names the tenant, so no `tenantId`. */
export function withoutTenant(schema: object): JsonSchema {
  const s = clone(schema) as { properties: Record<string, unknown>; required: string[] };
  delete s.properties.tenantId;
  s.required = s.required.filter((k) => k !== 'tenantId');
  return s;
}

/** A recorded-event schema as GET answers it: `id` instead of `<kind>Id`, no `tenantId`. */
export function asPublic(schema: object, idField: string): JsonSchema {
  const s = clone(schema) as { properties: Record<string, unknown>; required: string[] };
  const id = s.properties[idField];
  delete s.properties[idField];
  delete s.properties.tenantId;
  s.properties = { id, ...s.properties };
  s.required = ['id', ...s.required.filter((k) => k !== idField && k !== 'tenantId')];
  return s;
}

/** `schema` without the property `name` (a field the API does not show). */
export function withoutProperty(schema: JsonSchema, name: string): JsonSchema {
  const s = schema as { properties: Record<string, unknown> };
  delete s.properties[name];
  return s;
}

/** One object, or an array of 1–1,000 of them. */
export function oneOrMany(item: JsonSchema): JsonSchema {
  return { oneOf: [item, { type: 'array', minItems: 1, maxItems: 1000, items: item }] };
}

const INTAKE_ITEM = {
  type: 'object',
  required: ['id', 'status'],
  additionalProperties: false,
  properties: {
    id: ID,
    status: { enum: ['recorded', 'duplicate'], description: '`duplicate`: the id was sent before.' },
  },
};

const INTAKE_RESPONSE: JsonSchema = {
  oneOf: [
    { ...INTAKE_ITEM, description: 'For one object.' },
    {
      type: 'object',
      description: 'For an array: counts, then every item in the order sent.',
      required: ['accepted', 'duplicates', 'items'],
      additionalProperties: false,
      properties: {
        accepted: { type: 'integer', minimum: 0 },
        duplicates: { type: 'integer', minimum: 0 },
        items: { type: 'array', items: INTAKE_ITEM },
      },
    },
  ],
};

/** `POST` of a one-or-many intake: validated as a batch, recorded, answered item by item. */
export function intakeEndpoint(
  summary: string,
  description: string,
  body: JsonSchema,
  example: { id: string },
): EndpointDoc {
  return {
    summary,
    description,
    permission: 'ingest',
    body: { schema: oneOrMany(body), example },
    response: answer(
      'Recorded (or recognised as a duplicate).',
      INTAKE_RESPONSE,
      { id: example.id, status: 'recorded' },
      202,
    ),
  };
}

/** `GET …/:id` of what a sender posted, by the sender's id. */
export function byIdEndpoint(summary: string, response: EndpointDoc['response']): EndpointDoc {
  return {
    summary,
    path: [{ name: 'id', schema: ID, description: "The sender's id." }],
    response,
    problems: [404],
  };
}

/** A page of a list read oldest first: its items, and the path of the next page. */
export function pageOf(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['items', 'next'],
    additionalProperties: false,
    properties: {
      items: { type: 'array', items: item },
      next: { type: ['string', 'null'], description: 'The path of the next page; null on the last page.' },
    },
  };
}

/** A tenant setting as GET answers it: its fields, and whether it is still Continuum's default. */
export function withDefault(properties: Record<string, unknown>, isDefault: string): JsonSchema {
  return {
    type: 'object',
    required: [...Object.keys(properties), 'default'],
    additionalProperties: false,
    properties: { ...properties, default: { type: 'boolean', description: isDefault } },
  };
}
