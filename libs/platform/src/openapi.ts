/**
 * OpenAPI 3.1 for every service, built from explicit decorators (no Swagger CLI plugin): each
 * endpoint says its summary, body and answer with JSON Schemas and examples through `ApiEndpoint`;
 * errors are RFC 9457 problem details (`ProblemDetails`, what `ProblemFilter` sends). Served at
 * `/docs` (Swagger UI) and `/docs-json` without an API key: they are Express routes registered
 * by `setupOpenApi`, outside Nest's guards. Owns the documentation only, never a route's behaviour.
 */
import { applyDecorators, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { Requires } from './auth';
import { rolesFor, scopeFor, type Permission } from './permissions';
import { routesOf } from './routes';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) written as a plain object. */
export type JsonSchema = Record<string, unknown>;

export const DOCS_PATH = 'docs';
export const DOCS_JSON_PATH = '/docs-json';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const BEARER = 'bearer';
const BODY_EXTENSION = 'x-continuum-request-body';
/** Header parameters OpenAPI says to ignore (RFC 9110 headers the document describes elsewhere). */
const IMPLIED_HEADERS = ['content-type', 'accept', 'authorization'];

const FIELD_PROBLEM: JsonSchema = {
  type: 'object',
  required: ['field', 'reason'],
  additionalProperties: false,
  properties: {
    field: { type: 'string', description: 'The field (dotted path), `(body)` for the whole body.' },
    reason: { type: 'string' },
    index: { type: 'integer', minimum: 0, description: 'Position in a submitted array.' },
  },
};

/** A list answer: `{ "items": [item, …] }` and nothing else. */
export function listOf(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['items'],
    additionalProperties: false,
    properties: { items: { type: 'array', items: item } },
  };
}

/** Rows as stored, by table: what the subject access routes answer. */
export function rowsByTable(tables: readonly string[], description: string): JsonSchema {
  return {
    type: 'object',
    description,
    properties: Object.fromEntries(tables.map((t) => [t, { type: 'array', items: { type: 'object' } }])),
  };
}

/** What `ProblemFilter` sends: RFC 9457 members plus Continuum's extensions. */
export const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'instance'],
  properties: {
    type: { type: 'string', description: 'Always `about:blank`: the status code says the kind.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What was wrong, for a person to read.' },
    instance: { type: 'string', description: 'The request path.' },
    errors: {
      type: 'array',
      items: FIELD_PROBLEM,
      description: 'Validation problems: every field with its reason.',
    },
    correlationId: {
      type: 'string',
      description:
        'On 5xx: the id of the log lines about this failure (the trace id); never an internal message.',
    },
    retryAfterSeconds: {
      type: 'number',
      description: 'On 429 and 503 from back-pressure; also sent as `Retry-After`.',
    },
  },
  additionalProperties: true,
};

const PROBLEM_EXAMPLES: Record<number, ProblemExample> = {
  400: {
    title: 'Invalid request',
    detail: 'nps: nps must not be greater than 10',
    extra: { errors: [{ field: 'nps', reason: 'nps must not be greater than 10' }] },
  },
  401: { title: 'Unauthorized', detail: 'send Authorization: Bearer <API key or access token>' },
  403: { title: 'Forbidden', detail: 'this key lacks the "admin" scope' },
  404: { title: 'Not found', detail: 'no such resource' },
  409: { title: 'Conflict', detail: 'the request conflicts with the current state' },
  413: { title: 'Payload too large', detail: 'request entity too large' },
  415: { title: 'Unsupported media type', detail: 'send the file as text/csv (got application/json)' },
  429: {
    title: 'Too many requests',
    detail: 'rate limit of 100 requests/s per key',
    extra: { retryAfterSeconds: 1 },
  },
  503: { title: 'Overloaded', detail: 'more than 500 requests in flight', extra: { retryAfterSeconds: 1 } },
};

const PROBLEM_WHEN: Record<number, string> = {
  400: 'Invalid request: each field with its reason',
  401: 'No credential, an unknown or revoked API key, or an access token that is expired, wrongly signed, for another audience or of an unknown tenant (the detail says which)',
  403: 'The key lacks the scope, or the person the role, this endpoint needs (or the action belongs to another team)',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'The body is larger than the limit',
  415: 'Unsupported content type',
  429: "The key's rate limit is spent (see Retry-After)",
  503: 'Overloaded (too many requests in flight or events waiting to be published), or the identity provider cannot be reached',
};

export type ProblemStatus = keyof typeof PROBLEM_WHEN;

export interface ProblemExample {
  readonly title: string;
  readonly detail: string;
  readonly extra?: Record<string, unknown>;
}

function problemResponse(status: number, description?: string, example?: ProblemExample) {
  const ex = example ?? PROBLEM_EXAMPLES[status] ?? { title: 'Error', detail: 'error' };
  return ApiResponse({
    status,
    description: description ?? PROBLEM_WHEN[status] ?? 'Error',
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: '#/components/schemas/ProblemDetails' },
        example: { type: 'about:blank', title: ex.title, status, detail: ex.detail, ...ex.extra },
      },
    },
  });
}

export interface ParamDoc {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly description?: string;
  readonly required?: boolean;
}

export interface EndpointDoc {
  readonly summary: string;
  readonly description?: string;
  /**
   * `public`: no credential; otherwise the permission the route needs (default `read`). It is
   * enforced too (`Requires`): the route's one declaration of who may call it.
   */
  readonly permission?: Permission | 'public';
  readonly body?: {
    readonly schema: JsonSchema;
    readonly example: unknown;
    /** Extra media types taking the same body as text (e.g. YAML); `application/json` always. */
    readonly alsoAs?: readonly { readonly type: string; readonly example: string }[];
    /** Replaces `application/json` entirely (e.g. a CSV upload). */
    readonly only?: { readonly type: string; readonly example: string; readonly schema?: JsonSchema };
    readonly description?: string;
  };
  readonly response: {
    readonly status: number;
    readonly description: string;
    readonly schema?: JsonSchema;
    readonly example?: unknown;
    /** Default `application/json`. */
    readonly type?: string;
    /** The same answer in other media types (e.g. YAML on request). */
    readonly alsoAs?: readonly { readonly type: string; readonly example: string }[];
    readonly headers?: Record<string, { description: string; schema: JsonSchema }>;
  };
  /** More answers of the same endpoint (e.g. a second media type's content is in `response`). */
  readonly alsoResponds?: readonly {
    readonly status: number;
    readonly description: string;
    readonly schema: JsonSchema;
    readonly example: unknown;
  }[];
  readonly query?: readonly ParamDoc[];
  readonly path?: readonly ParamDoc[];
  /** Problems beyond those every endpoint of its kind has (401/403/429 with a key, 400/413 with a body). */
  readonly problems?: readonly ProblemStatus[];
  /** Override the description of a problem status. */
  readonly problemNotes?: Partial<Record<ProblemStatus, string>>;
  /** Override the example of a problem status. */
  readonly problemExamples?: Partial<Record<ProblemStatus, ProblemExample>>;
}

/** A success answer with its JSON Schema and example (200 unless said). */
export function answer(
  description: string,
  schema: JsonSchema,
  example: unknown,
  status = 200,
): EndpointDoc['response'] {
  return { status, description, schema, example };
}

/** The `limit` of a paged list: 1 to `max`, `default` when absent. */
export function limitParam(defaultLimit: number, max = 500): ParamDoc {
  return { name: 'limit', schema: { type: 'integer', minimum: 1, maximum: max, default: defaultLimit } };
}

/** An instant query parameter (`since`, `until`, `from`, `to`, `at`). */
export function instantParam(name: string, description?: string): ParamDoc {
  return { name, schema: { type: 'string', format: 'date-time' }, description };
}

/** Documents one endpoint: summary, security, body, answer, and its problem answers. */
export function ApiEndpoint(d: EndpointDoc): MethodDecorator {
  const decorators: MethodDecorator[] = [
    ApiOperation({ summary: d.summary, ...(d.description ? { description: d.description } : {}) }),
  ];
  const statuses = new Set<number>(d.problems ?? []);
  if (d.permission !== 'public') {
    const permission = d.permission ?? 'read';
    decorators.push(Requires(permission));
    decorators.push(ApiBearerAuth(BEARER));
    decorators.push(ApiExtension('x-continuum-permission', permission));
    decorators.push(ApiExtension('x-continuum-scope', scopeFor(permission)));
    decorators.push(ApiExtension('x-continuum-roles', rolesFor(permission)));
    [401, 403, 429].forEach((s) => statuses.add(s));
    // 503: back-pressure on ingest; an identity provider that cannot be reached, for any route.
    statuses.add(503);
  }
  if (d.body) {
    statuses.add(400);
    statuses.add(413);
    const content: Record<string, { schema: JsonSchema; example: unknown }> = {};
    if (d.body.only) {
      content[d.body.only.type] = {
        schema: d.body.only.schema ?? { type: 'string' },
        example: d.body.only.example,
      };
    } else {
      content['application/json'] = { schema: d.body.schema, example: d.body.example };
      for (const a of d.body.alsoAs ?? [])
        content[a.type] = { schema: { type: 'string' }, example: a.example };
    }
    // ApiBody takes one schema for one media type; the body is set from this extension instead.
    decorators.push(
      ApiExtension(BODY_EXTENSION, {
        required: true,
        ...(d.body.description ? { description: d.body.description } : {}),
        content,
      }),
    );
  }
  if (d.query?.length) statuses.add(400);
  for (const q of d.query ?? [])
    decorators.push(
      ApiQuery({ name: q.name, required: q.required ?? false, description: q.description, schema: q.schema }),
    );
  for (const p of d.path ?? [])
    decorators.push(ApiParam({ name: p.name, required: true, description: p.description, schema: p.schema }));
  const r = d.response;
  decorators.push(
    ApiResponse({
      status: r.status,
      description: r.description,
      ...(r.headers ? { headers: r.headers } : {}),
      ...(r.schema
        ? {
            content: {
              [r.type ?? 'application/json']: {
                schema: r.schema,
                ...(r.example !== undefined ? { example: r.example } : {}),
              },
              ...Object.fromEntries(
                (r.alsoAs ?? []).map((x) => [x.type, { schema: { type: 'string' }, example: x.example }]),
              ),
            },
          }
        : {}),
    }),
  );
  for (const a of d.alsoResponds ?? [])
    decorators.push(
      ApiResponse({
        status: a.status,
        description: a.description,
        content: { 'application/json': { schema: a.schema, example: a.example } },
      }),
    );
  for (const s of [...statuses].sort())
    decorators.push(problemResponse(s, d.problemNotes?.[s], d.problemExamples?.[s]));
  return applyDecorators(...decorators);
}

/**
 * JSON Schema written for draft-07 tools (tuples as `items: [...]` + `additionalItems`) into the
 * 2020-12 dialect of OpenAPI 3.1 (`prefixItems` + `items`); everything else passes through.
 */
export function toOpenApiSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toOpenApiSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  const o = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'items' && Array.isArray(v)) out.prefixItems = v.map(toOpenApiSchema);
    else if (k === 'additionalItems' && Array.isArray(o.items)) out.items = toOpenApiSchema(v);
    // Examples are data, not schemas: kept as they are.
    else if (k === 'example' || k === 'examples') out[k] = v;
    else out[k] = toOpenApiSchema(v);
  }
  return out;
}

export interface OpenApiInfo {
  readonly title: string;
  readonly description: string;
  readonly version?: string;
}

interface OperationShape {
  responses?: Record<string, unknown>;
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  [BODY_EXTENSION]?: unknown;
}

/** The service's document: the decorated controllers plus the shared components. */
export function createOpenApiDocument(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version ?? '1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'A tenant API key (`ck_…`); it fixes the tenant.' },
      BEARER,
    )
    .build();
  const doc = SwaggerModule.createDocument(app, config);
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, ProblemDetails: PROBLEM_SCHEMA },
  };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const op of Object.values(item as Record<string, OperationShape>)) {
      const body = op[BODY_EXTENSION];
      if (body) {
        op.requestBody = body;
        delete op[BODY_EXTENSION];
      }
      op.parameters = op.parameters?.filter(
        (p) => !(p.in === 'header' && IMPLIED_HEADERS.includes(p.name.toLowerCase())),
      );
      // Problem examples name the path they come from, as ProblemFilter's `instance` does.
      for (const res of Object.values(op.responses ?? {})) {
        const ex = (res as { content?: Record<string, { example?: Record<string, unknown> }> }).content?.[
          PROBLEM_CONTENT_TYPE
        ]?.example;
        if (ex) ex.instance = path.replace(/\{(\w+)\}/g, (_m, name: string) => `example-${name}`);
      }
    }
  }
  return toOpenApiSchema(doc) as OpenAPIObject;
}

/** Serves the document: Swagger UI at `/docs`, the JSON at `/docs-json`, YAML at `/docs-yaml`. */
export function setupOpenApi(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const doc = createOpenApiDocument(app, info);
  SwaggerModule.setup(DOCS_PATH, app, doc, {
    jsonDocumentUrl: DOCS_JSON_PATH,
    customSiteTitle: `${info.title} — API`,
  });
  return doc;
}

/**
 * `METHOD /path/{param}` of every route a module's controllers serve, read from Nest's own route
 * metadata (`routesOf`, not the OpenAPI document), so a test can hold the document against it.
 */
export function servedRoutes(root: Type<unknown> | DynamicModule): string[] {
  const routes = routesOf(root).map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(routes)].sort();
}

/**
 * What a service's OpenAPI specs check, from a preview of its module graph (no database, no
 * broker): the routes Nest serves, the routes the document describes, and what the document misses.
 */
export async function openApiCoverage(
  root: Type<unknown>,
  info: OpenApiInfo,
): Promise<{ served: string[]; documented: string[]; gaps: string[] }> {
  const app = await NestFactory.create(root, { preview: true, logger: false, abortOnError: false });
  try {
    const doc = createOpenApiDocument(app, info);
    return { served: servedRoutes(root), documented: documentedRoutes(doc), gaps: documentationGaps(doc) };
  } finally {
    await app.close();
  }
}

const ALWAYS_SERVED = ['GET /health/live', 'GET /health/ready', 'GET /metrics'];

/**
 * What a service's OpenAPI spec holds against its document, as sentences: empty when the app
 * serves health, metrics and more, and the document describes every route served, only those,
 * each with a summary, examples and problem answers.
 */
export async function openApiMismatches(root: Type<unknown>, info: OpenApiInfo): Promise<string[]> {
  const { served, documented, gaps } = await openApiCoverage(root, info);
  return [
    ...ALWAYS_SERVED.filter((r) => !served.includes(r)).map((r) => `${r}: not served`),
    ...(served.length > ALWAYS_SERVED.length ? [] : ['no route beyond health and metrics']),
    ...served.filter((r) => !documented.includes(r)).map((r) => `${r}: served, not documented`),
    ...documented.filter((r) => !served.includes(r)).map((r) => `${r}: documented, not served`),
    ...gaps,
  ];
}

/** `METHOD /path/{param}` of every operation of a document. */
export function documentedRoutes(doc: OpenAPIObject): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'].includes(k))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
}

/**
 * Operations documented only by Swagger's route scan, not by `ApiEndpoint`: without a summary, a
 * success answer, examples of their JSON bodies and answers, or problem answers as
 * `application/problem+json`. Empty when every operation is documented.
 */
export function documentationGaps(doc: OpenAPIObject): string[] {
  const gaps: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const op = raw as {
        summary?: string;
        requestBody?: { content?: Record<string, { example?: unknown }> };
        responses?: Record<string, { content?: Record<string, { example?: unknown }> }>;
      };
      const at = `${method.toUpperCase()} ${path}`;
      if (!op.summary) gaps.push(`${at}: no summary`);
      const responses = Object.entries(op.responses ?? {});
      if (!responses.some(([s]) => s.startsWith('2'))) gaps.push(`${at}: no success answer`);
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
        if (media.example === undefined) gaps.push(`${at}: body ${type} without an example`);
      for (const [status, r] of responses) {
        for (const [type, media] of Object.entries(r.content ?? {}))
          if (media.example === undefined) gaps.push(`${at}: ${status} ${type} without an example`);
        if (Number(status) >= 400 && !r.content?.[PROBLEM_CONTENT_TYPE])
          gaps.push(`${at}: ${status} is not a problem answer`);
      }
    }
  }
  return gaps;
}
