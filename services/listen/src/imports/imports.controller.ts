import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ID, ID_PATTERN } from '@continuum/contracts';
import { answer, ApiEndpoint, found, ProblemException, TenantId } from '@continuum/platform';
import { IMPORT_KINDS, type ImportKind } from './csv-rows';
import { ImportsRepository, type ImportReport } from './imports.repository';
import { ImportFailure, ImportsService } from './imports.service';
import { IMPORT_REPORT, IMPORT_REPORT_EXAMPLE } from './imports.openapi';

const CSV_TYPES = ['text/csv', 'application/csv'];

class ImportQuery {
  @IsIn(IMPORT_KINDS, { message: `kind must be one of ${IMPORT_KINDS.join(', ')}` })
  kind!: ImportKind;

  /** Chosen by the client, so it can follow progress while it still uploads; else generated. */
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'id must be 1–128 letters, digits or . _ : @ / + -' })
  id?: string;
}

@Controller('v1/imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly repo: ImportsRepository,
  ) {}

  /**
   * `POST /v1/imports?kind=feedback|interactions[&id=…]` with a `text/csv` body. Answers 202 with
   * the report once the whole file is read (rows are recorded; their events are in the outbox).
   */
  @Post()
  @ApiEndpoint({
    summary: 'Import a CSV file of feedback or interactions (streamed)',
    description:
      'Rows are validated one by one: good rows are recorded, bad rows reported with their line. Answers once the whole file is read; `GET /v1/imports/{id}` follows progress meanwhile.',
    permission: 'ingest',
    query: [
      { name: 'kind', required: true, schema: { enum: ['feedback', 'interactions'] } },
      {
        name: 'id',
        schema: ID,
        description: 'Chosen by the client to follow progress; generated when absent.',
      },
    ],
    body: {
      schema: { type: 'string' },
      example: '',
      only: { type: 'text/csv', example: 'id,touchpoint,nps,comment\nf-1,checkout,3,Pagamento fallito\n' },
    },
    response: {
      status: 202,
      description: 'The import report; `Location` is its URL.',
      schema: IMPORT_REPORT,
      example: IMPORT_REPORT_EXAMPLE,
      headers: { Location: { description: 'The import report URL.', schema: { type: 'string' } } },
    },
    problems: [409, 415],
    problemNotes: {
      400: 'Bad query, CSV header or syntax, or an interrupted upload (`import`: the report so far)',
      409: 'An import with this id exists already',
    },
    problemExamples: {
      409: { title: 'Conflict', detail: 'import import-2026-03 exists already; choose another id' },
    },
  })
  @HttpCode(HttpStatus.ACCEPTED)
  async create(
    @TenantId() tenantId: string,
    @Query() q: ImportQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportReport> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!CSV_TYPES.includes(type)) {
      throw new ProblemException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'Unsupported media type',
        `send the file as text/csv (got ${type || 'no content type'})`,
      );
    }
    const id = q.id ?? randomUUID();
    res.setHeader('Location', `/v1/imports/${encodeURIComponent(id)}`);
    try {
      return await this.imports.run(tenantId, id, q.kind, req);
    } catch (err) {
      if (!(err instanceof ImportFailure)) throw err;
      throw new ProblemException(err.status, err.title, err.message, {
        ...(err.errors.length ? { errors: err.errors } : {}),
        ...(err.report ? { import: err.report } : {}),
      });
    }
  }

  @Get(':id')
  @ApiEndpoint({
    summary: 'An import report (progress while it runs)',
    path: [{ name: 'id', schema: ID }],
    response: answer('The report.', IMPORT_REPORT, IMPORT_REPORT_EXAMPLE),
    problems: [404],
  })
  async get(@TenantId() tenantId: string, @Param('id') id: string): Promise<ImportReport> {
    return found(await this.repo.findOne(tenantId, id), `no import ${id}`);
  }
}
