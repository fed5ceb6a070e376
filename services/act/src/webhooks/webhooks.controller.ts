import type { AuditActor } from '@continuum/persistence';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsNested, IsOptionalInt, IsOptionalText, type FieldProblem } from '@continuum/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  Actor,
  answer,
  ApiEndpoint,
  found,
  limitParam,
  refusedUrl,
  TenantId,
  ValidationProblem,
} from '@continuum/platform';
import { ActConfig } from '../act.config';
import { WEBHOOK_EVENT_TYPES } from '../actions/action-log';
import {
  resolveTemplate,
  TEMPLATE_METHODS,
  TEMPLATE_PRESETS,
  templateProblems,
  type Json,
  type RequestTemplate,
  type TemplateMethod,
  type TemplatePreset,
} from './ticket-template';
import { WebhooksRepository, type DeliveryView, type WebhookView } from './webhooks.repository';
import {
  DELIVERIES,
  DELIVERIES_EXAMPLE,
  WEBHOOK_BODY,
  WEBHOOK_CREATED,
  WEBHOOK_EXAMPLE,
  WEBHOOK_VIEW,
  WEBHOOKS_LIST,
} from './webhooks.openapi';

/** A request template: the subscription sends this request instead of the CloudEvent. */
class TemplateDto {
  @IsOptional()
  @IsIn(TEMPLATE_PRESETS, { message: `preset must be one of ${TEMPLATE_PRESETS.join(', ')}` })
  preset?: TemplatePreset;

  @IsOptional()
  @IsIn(TEMPLATE_METHODS, { message: `method must be one of ${TEMPLATE_METHODS.join(', ')}` })
  method?: TemplateMethod;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(/^\/[^\s]*$/, { message: 'path must start with / and hold no spaces' })
  path?: string;

  /** Sent with every request (e.g. the tool's Authorization); stored sealed, never read back. */
  @IsOptional()
  @IsObject()
  headers?: Record<string, unknown>;

  @IsOptional()
  @IsObject()
  body?: Record<string, Json>;

  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[\w-]+(\.[\w-]+)*$/, { message: 'externalRefFrom must be a dot path, e.g. result.number' })
  externalRefFrom?: string;
}

/** Headers act sets itself, or that would change how the request is framed. */
const RESERVED_HEADERS = /^(host|content-length|content-type|transfer-encoding|connection|x-continuum-.*)$/i;

function stringMap(v: Record<string, unknown> | undefined, field: string, problems: FieldProblem[]) {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v ?? {})) {
    if (typeof x !== 'string' || x.length > 4000)
      problems.push({ field: `${field}.${k}`, reason: 'must be a string of at most 4000 characters' });
    else out[k] = x;
  }
  return out;
}

/** The template asked for, checked: every problem named with its field. */
export function checkTemplate(
  t: TemplateDto,
  eventTypes: readonly string[],
): { template: RequestTemplate; headers: Record<string, string> } | FieldProblem[] {
  const problems: FieldProblem[] = [];
  const headers = stringMap(t.headers, 'template.headers', problems);
  for (const name of Object.keys(headers)) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/.test(name))
      problems.push({ field: `template.headers.${name}`, reason: 'is not a valid header name' });
    else if (RESERVED_HEADERS.test(name))
      problems.push({ field: `template.headers.${name}`, reason: 'is set by act and cannot be templated' });
  }
  const params = stringMap(t.params, 'template.params', problems);
  if (eventTypes.some((e) => !e.startsWith('action.')))
    problems.push({
      field: 'eventTypes',
      reason: 'a subscription with a template takes action events only (action.*)',
    });
  if (t.body !== undefined && JSON.stringify(t.body).length > 20_000)
    problems.push({ field: 'template.body', reason: 'must be at most 20000 characters of JSON' });
  const resolved = resolveTemplate({ ...t, params });
  if (Array.isArray(resolved)) return [...problems, ...resolved];
  problems.push(...templateProblems(resolved));
  return problems.length > 0 ? problems : { template: resolved, headers };
}

class CreateWebhookDto {
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true },
    { message: 'url must be an http(s) URL without credentials' },
  )
  @MaxLength(2000)
  url!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsIn([...WEBHOOK_EVENT_TYPES, '*'], {
    each: true,
    message: `eventTypes must each be one of ${[...WEBHOOK_EVENT_TYPES, '*'].join(', ')}`,
  })
  eventTypes!: string[];

  /** Shared secret for the HMAC signature; generated (and returned once) when absent. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;

  @IsOptionalText(500)
  description?: string;

  /** Send this request (a ticket tool's create call) instead of the CloudEvent. */
  @IsOptional()
  @IsNested(() => TemplateDto)
  template?: TemplateDto;
}

class DeliveriesQuery {
  @IsOptional()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: string;

  @IsOptionalInt(1, 500)
  limit?: number;
}

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const WEBHOOK_ID = [{ name: 'id', schema: { type: 'string', format: 'uuid' } }];

/** Webhook subscriptions: POST returns the secret only when act generated it; reads never do. */
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly cfg: ActConfig,
  ) {}

  @Post()
  @ApiEndpoint({
    summary:
      'Subscribe a URL to action events (HMAC-signed deliveries), or a ticket tool by a request template',
    description:
      "With `template`, each delivery is the template rendered for the action (`{action.title}`, `{action.link}`, `{params.projectKey}`…; presets `jira-cloud`, `servicenow`, `zendesk`), sent to the URL plus `path`; the ticket key at `externalRefFrom` in a 2xx JSON answer is kept as the action's `externalRef`. An unknown placeholder is a 400 naming its field.",
    permission: 'admin',
    body: {
      schema: WEBHOOK_BODY,
      example: {
        url: 'https://hooks.example.com/continuum',
        eventTypes: ['action.opened', 'action.escalated'],
        description: 'Ticketing bridge',
      },
    },
    response: answer(
      'The subscription; `secret` only when act generated it.',
      WEBHOOK_CREATED,
      { ...WEBHOOK_EXAMPLE, secret: 'whsec_Zm9vYmFyYmF6cXV4cXV1eGNvcmdl' },
      201,
    ),
  })
  async create(
    @TenantId() tenantId: string,
    @Actor() actor: AuditActor,
    @Body() body: CreateWebhookDto,
  ): Promise<WebhookView & { secret?: string }> {
    const refused = await refusedUrl(body.url, this.cfg.ACT_WEBHOOK_ALLOW_PRIVATE);
    if (refused) throw new ValidationProblem([{ field: 'url', reason: refused }]);
    const checked = body.template ? checkTemplate(body.template, body.eventTypes) : null;
    if (Array.isArray(checked)) throw new ValidationProblem(checked);
    // A null secret is an absent one (IsOptional lets null through): generated, never sealed as null.
    const generated = body.secret == null ? `whsec_${randomBytes(24).toString('base64url')}` : null;
    const created = await this.webhooks.create(
      tenantId,
      {
        id: randomUUID(),
        url: body.url,
        eventTypes: [...new Set(body.eventTypes)],
        secret: body.secret ?? generated!,
        description: body.description ?? null,
        template: checked,
      },
      actor,
    );
    return generated ? { ...created, secret: generated } : created;
  }

  @Get()
  @ApiEndpoint({
    summary: 'Webhook subscriptions (never their secrets)',
    permission: 'read:webhooks',
    response: answer('The subscriptions.', WEBHOOKS_LIST, { items: [WEBHOOK_EXAMPLE] }),
  })
  async list(@TenantId() tenantId: string): Promise<{ items: WebhookView[] }> {
    return { items: await this.webhooks.list(tenantId) };
  }

  @Get(':id')
  @ApiEndpoint({
    summary: 'One webhook subscription',
    permission: 'read:webhooks',
    path: WEBHOOK_ID,
    response: answer('The subscription.', WEBHOOK_VIEW, WEBHOOK_EXAMPLE),
    problems: [404],
  })
  async get(@TenantId() tenantId: string, @Param('id', uuid) id: string): Promise<WebhookView> {
    return this.webhook(tenantId, id);
  }

  @Delete(':id')
  @ApiEndpoint({
    summary: 'Deactivate a webhook subscription',
    permission: 'admin',
    path: WEBHOOK_ID,
    response: { status: 204, description: 'Deactivated.' },
    problems: [404],
  })
  @HttpCode(204)
  async remove(
    @TenantId() tenantId: string,
    @Actor() actor: AuditActor,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    found(await this.webhooks.deactivate(tenantId, id, actor), `no webhook ${id}`);
  }

  /** The delivery log: every delivery with its attempts (status code or error, duration). */
  @Get(':id/deliveries')
  @ApiEndpoint({
    summary: "A subscription's delivery log, with every attempt",
    permission: 'read:webhooks',
    path: WEBHOOK_ID,
    query: [{ name: 'status', schema: { enum: ['pending', 'delivered', 'failed'] } }, limitParam(100)],
    response: answer('The deliveries.', DELIVERIES, DELIVERIES_EXAMPLE),
    problems: [404],
  })
  async deliveries(
    @TenantId() tenantId: string,
    @Param('id', uuid) id: string,
    @Query() q: DeliveriesQuery,
  ): Promise<{ items: DeliveryView[] }> {
    await this.webhook(tenantId, id);
    return { items: await this.webhooks.deliveries(id, q.status, q.limit ?? 100) };
  }

  private async webhook(tenantId: string, id: string): Promise<WebhookView> {
    return found(await this.webhooks.find(tenantId, id), `no webhook ${id}`);
  }
}
