import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsOptionalInstant, IsOptionalInt, NewKeyDto, UserDto } from '@continuum/contracts';
import type { AuditActor, AuditRecord, DirectoryUser, KeyInfo } from '@continuum/persistence';
import {
  Actor,
  answer,
  ApiEndpoint,
  found,
  instantParam,
  limitParam,
  listOf,
  nextPage,
  TenantId,
} from '@continuum/platform';
import {
  AUDIT_EXAMPLE,
  AUDIT_PAGE,
  ISSUED_KEY,
  KEY_VIEW,
  KEY_VIEW_EXAMPLE,
  NEW_KEY_BODY,
  USER_BODY,
  USER_EXAMPLE,
  USER_VIEW,
  USER_VIEW_EXAMPLE,
} from './people.openapi';
import { PeopleService } from './people.service';

const RESOURCES = ['action', 'journey', 'playbook', 'webhook', 'key', 'user'] as const;

class AuditQueryDto {
  @IsOptionalInstant()
  since?: string;

  @IsOptional()
  @IsIn(RESOURCES)
  resource?: (typeof RESOURCES)[number];

  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be the id of an audit record (from next)' })
  after?: string;

  @IsOptionalInt(1, 500)
  limit?: number;
}

@Controller('v1/users')
export class UsersController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiEndpoint({
    summary: "The tenant's user directory: people's roles and teams",
    description:
      'Roles and teams given here are added to those the identity provider’s groups give (see AUTH_MEMBERSHIP).',
    permission: 'admin',
    response: answer('Every person the directory names.', listOf(USER_VIEW), { items: [USER_VIEW_EXAMPLE] }),
  })
  async list(@TenantId() tenantId: string): Promise<{ items: DirectoryUser[] }> {
    return { items: await this.people.listUsers(tenantId) };
  }

  @Put()
  @ApiEndpoint({
    summary: "Set a person's roles and teams (by subject, e-mail or both)",
    description: 'Teams must be teams of the journey map when the tenant has one. Audited.',
    permission: 'admin',
    body: { schema: USER_BODY, example: USER_EXAMPLE },
    response: answer('The entry as stored.', USER_VIEW, USER_VIEW_EXAMPLE),
  })
  put(
    @TenantId() tenantId: string,
    @Actor() actor: AuditActor,
    @Body() body: UserDto,
  ): Promise<DirectoryUser> {
    return this.people.putUser(tenantId, actor, body);
  }
}

@Controller('v1/keys')
export class KeysController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiEndpoint({
    summary: "The tenant's API keys with their scopes, creation and last use (never the keys themselves)",
    permission: 'admin',
    response: answer('Newest first, revoked ones included.', listOf(KEY_VIEW), { items: [KEY_VIEW_EXAMPLE] }),
  })
  async list(@TenantId() tenantId: string): Promise<{ items: KeyInfo[] }> {
    return { items: await this.people.listKeys(tenantId) };
  }

  @Post()
  @ApiEndpoint({
    summary: 'Issue an API key (shown once)',
    description:
      'Scopes: ingest (send data), read, act (work actions, nothing else), admin; or `ingest:widget` alone, with `origins`: a publishable key (`cpk_…`) for collect’s web widget that posts widget answers from those origins and reads nothing. Audited.',
    permission: 'admin',
    body: { schema: NEW_KEY_BODY, example: { scopes: ['ingest'], name: 'survey tool' } },
    response: {
      status: 201,
      description: 'The key, shown this once.',
      schema: ISSUED_KEY,
      example: {
        key: 'ck_1a2b3c4d_9Yp…',
        prefix: 'ck_1a2b3c4d',
        scopes: ['ingest'],
        name: 'survey tool',
        origins: null,
      },
    },
  })
  issue(@TenantId() tenantId: string, @Actor() actor: AuditActor, @Body() body: NewKeyDto) {
    return this.people.issueKey(tenantId, actor, body);
  }

  @Delete(':prefix')
  @HttpCode(204)
  @ApiEndpoint({
    summary: 'Revoke an API key, at once on every service',
    permission: 'admin',
    path: [{ name: 'prefix', schema: { type: 'string', pattern: '^c(p)?k_[0-9a-f]{8}$' } }],
    response: { status: 204, description: 'Revoked.' },
    problems: [404],
    problemNotes: { 404: 'The tenant has no live key with this prefix' },
  })
  async revoke(
    @TenantId() tenantId: string,
    @Actor() actor: AuditActor,
    @Param('prefix') prefix: string,
  ): Promise<void> {
    found(await this.people.revokeKey(tenantId, actor, prefix), `no live key ${prefix}`);
  }
}

@Controller('v1/audit')
export class AuditController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiEndpoint({
    summary: 'The audit trail: who changed what, when, from which address; oldest first, paged',
    permission: 'admin',
    query: [
      instantParam('since', 'Default: the beginning.'),
      { name: 'resource', schema: { enum: [...RESOURCES] } },
      {
        name: 'after',
        schema: { type: 'string' },
        description: 'The id of the last record seen (from `next`).',
      },
      limitParam(100),
    ],
    response: answer('A page; `next` is the path of the following one.', AUDIT_PAGE, {
      items: [AUDIT_EXAMPLE],
      next: null,
    }),
  })
  async list(
    @TenantId() tenantId: string,
    @Query() q: AuditQueryDto,
  ): Promise<{ items: AuditRecord[]; next: string | null }> {
    const limit = q.limit ?? 100;
    const since = q.since ? new Date(q.since) : new Date(0);
    const items = await this.people.audit(tenantId, {
      since,
      after: q.after ?? null,
      resource: q.resource ?? null,
      limit,
    });
    const next = nextPage('/v1/audit', items, limit, (last) => ({
      since: since.toISOString(),
      ...(q.resource ? { resource: q.resource } : {}),
      after: last.id,
    }));
    return { items, next };
  }
}
