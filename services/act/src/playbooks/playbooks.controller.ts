import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { stringify as toYaml } from 'yaml';
import { ProblemException, RequireScope, TenantId, ValidationProblem } from '@continuum/platform';
import { parsePlaybookYaml, validatePlaybook, type PlaybookResult } from './playbook.validate';
import { PlaybooksRepository, VersionConflict, type VersionedPlaybook } from './playbooks.repository';

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

class GetPlaybookQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
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
  @RequireScope('admin')
  async put(
    @TenantId() tenantId: string,
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
      return view(await this.playbooks.store(tenantId, result.value, format, source, expected));
    } catch (err) {
      if (err instanceof VersionConflict)
        throw new ProblemException(HttpStatus.CONFLICT, 'Conflict', err.message);
      throw err;
    }
  }

  /** Validates without storing: the same problems a PUT would report. */
  @Post('validate')
  @RequireScope('admin')
  @HttpCode(200)
  validate(@Body() body: unknown): { valid: true } {
    const { result } = parseBody(body);
    if (!result.ok) throw new ValidationProblem(result.problems);
    return { valid: true };
  }

  @Get()
  async get(
    @TenantId() tenantId: string,
    @Query() q: GetPlaybookQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReturnType<typeof view> | string> {
    const p =
      q.version === undefined
        ? await this.playbooks.currentOne(tenantId)
        : await this.playbooks.version(tenantId, q.version);
    if (!p) throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `no playbook version ${q.version}`);
    res.setHeader('ETag', `"${p.version}"`);
    if (q.format === 'yaml') {
      res.type('application/yaml');
      return p.source ?? toYaml(p.playbook);
    }
    return view(p);
  }

  @Get('versions')
  async versions(@TenantId() tenantId: string) {
    return { items: await this.playbooks.versions(tenantId) };
  }
}
