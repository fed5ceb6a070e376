import type { AuditActor } from '@continuum/persistence';
import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsIn, IsOptional } from 'class-validator';
import { stringify as toYaml } from 'yaml';
import { IsOptionalInt } from '@continuum/contracts';
import {
  Actor,
  answer,
  ApiEndpoint,
  found,
  ProblemException,
  TenantId,
  ValidationProblem,
} from '@continuum/platform';
import { parsePlaybookYaml, validatePlaybook, type PlaybookResult } from './playbook.validate';
import { PlaybooksRepository, VersionConflict, type VersionedPlaybook } from './playbooks.repository';
import { ApiHeader } from '@nestjs/swagger';
import {
  PLAYBOOK_BODY,
  PLAYBOOK_EXAMPLE,
  PLAYBOOK_VERSIONS,
  PLAYBOOK_VIEW,
  PLAYBOOK_VIEW_EXAMPLE,
  PLAYBOOK_YAML_EXAMPLE,
} from './playbooks.openapi';

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** A playbook as PUT and validate take it: JSON, or YAML with a YAML content type. */
const PLAYBOOK_BODY_DOC = {
  schema: PLAYBOOK_BODY,
  example: PLAYBOOK_EXAMPLE,
  alsoAs: YAML_TYPES.map((type) => ({ type, example: PLAYBOOK_YAML_EXAMPLE })),
};

class GetPlaybookQuery {
  @IsOptionalInt(0)
  version?: number;

  @IsOptional()
  @IsIn(['json', 'yaml'])
  format?: 'json' | 'yaml';
}

function parseBody(body: unknown): {
  result: PlaybookResult;
  format: 'json' | 'yaml';
  source: string | null;
} {
  if (typeof body === 'string') return { result: parsePlaybookYaml(body), format: 'yaml', source: body };
  return { result: validatePlaybook(body), format: 'json', source: null };
}

function view(p: VersionedPlaybook) {
  return {
    tenantId: p.tenantId,
    version: p.version,
    format: p.format,
    createdAt: p.createdAt,
    playbook: p.playbook,
  };
}

/** PUT stores a new version (JSON, or YAML with a YAML content type); GET reads one. */
@Controller('v1/playbooks')
export class PlaybooksController {
  constructor(private readonly playbooks: PlaybooksRepository) {}

  @Put()
  @ApiEndpoint({
    summary: 'Store a new playbook version (JSON or YAML)',
    description:
      'Omitted sections keep the default. With `If-Match: "<version>"` the store succeeds only if that is still the current version.',
    permission: 'admin',
    body: {
      ...PLAYBOOK_BODY_DOC,
      description: 'JSON, or YAML with a YAML content type (comments kept for `?format=yaml`).',
    },
    response: answer('The version stored.', PLAYBOOK_VIEW, PLAYBOOK_VIEW_EXAMPLE),
    problems: [409],
    problemNotes: { 409: 'If-Match names a version that is no longer the current one' },
    problemExamples: {
      409: { title: 'Conflict', detail: 'If-Match names version 3, but the current version is 4' },
    },
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The version the change is based on, e.g. `"3"`.',
  })
  async put(
    @TenantId() tenantId: string,
    @Actor() actor: AuditActor,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
  ): Promise<ReturnType<typeof view>> {
    const { result, format, source } = parseBody(body);
    if (!result.ok) throw new ValidationProblem(result.problems);
    let expected: number | null = null;
    if (ifMatch !== undefined) {
      const m = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
      if (!m)
        throw new ValidationProblem([{ field: 'If-Match', reason: 'must be a playbook version, e.g. "3"' }]);
      expected = Number(m[1]);
    }
    try {
      return view(await this.playbooks.store(tenantId, result.value, format, source, expected, actor));
    } catch (err) {
      if (err instanceof VersionConflict)
        throw new ProblemException(HttpStatus.CONFLICT, 'Conflict', err.message);
      throw err;
    }
  }

  /** Validates without storing: the same problems a PUT would report. */
  @Post('validate')
  @ApiEndpoint({
    summary: 'Validate a playbook without storing it',
    permission: 'admin',
    body: PLAYBOOK_BODY_DOC,
    response: {
      status: 200,
      description: 'Valid; an invalid one is a 400 naming every problem.',
      schema: {
        type: 'object',
        required: ['valid'],
        additionalProperties: false,
        properties: { valid: { const: true } },
      },
      example: { valid: true },
    },
  })
  @HttpCode(200)
  validate(@Body() body: unknown): { valid: true } {
    const { result } = parseBody(body);
    if (!result.ok) throw new ValidationProblem(result.problems);
    return { valid: true };
  }

  @Get()
  @ApiEndpoint({
    summary: 'The playbook in force, or one version (JSON or its YAML source)',
    query: [
      {
        name: 'version',
        schema: { type: 'integer', minimum: 0 },
        description: 'Default: the current one; 0 is the built-in default.',
      },
      {
        name: 'format',
        schema: { enum: ['json', 'yaml'] },
        description: '`yaml`: the source as sent (or the playbook as YAML).',
      },
    ],
    response: {
      status: 200,
      description: 'The playbook; `ETag` is its version. With `format=yaml`: its YAML source.',
      schema: PLAYBOOK_VIEW,
      example: PLAYBOOK_VIEW_EXAMPLE,
      alsoAs: [{ type: 'application/yaml', example: PLAYBOOK_YAML_EXAMPLE }],
      headers: { ETag: { description: 'The version, e.g. `"2"`.', schema: { type: 'string' } } },
    },
    problems: [404],
    problemNotes: { 404: 'No such version' },
  })
  async get(
    @TenantId() tenantId: string,
    @Query() q: GetPlaybookQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReturnType<typeof view> | string> {
    const p = found(
      q.version === undefined
        ? await this.playbooks.currentOne(tenantId)
        : await this.playbooks.version(tenantId, q.version),
      `no playbook version ${q.version}`,
    );
    res.setHeader('ETag', `"${p.version}"`);
    if (q.format === 'yaml') {
      res.type('application/yaml');
      return p.source ?? toYaml(p.playbook);
    }
    return view(p);
  }

  @Get('versions')
  @ApiEndpoint({
    summary: 'Every stored playbook version, newest first',
    response: answer('The versions.', PLAYBOOK_VERSIONS, {
      items: [{ version: 2, format: 'json', createdAt: '2026-03-02T09:00:00.000Z' }],
    }),
  })
  async versions(@TenantId() tenantId: string) {
    return { items: await this.playbooks.versions(tenantId) };
  }
}
