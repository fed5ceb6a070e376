import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ID_PATTERN } from '@continuum/contracts';
import {
  answer,
  ApiEndpoint,
  rowsByTable,
  TenantId,
  ValidationProblem,
  type JsonSchema,
} from '@continuum/platform';

/** measure's tables holding copies of a customer's feedback, keyed by its id. */
const BY_FEEDBACK = ['comment_samples', 'respondents'] as const;
const MAX_IDS = 1000;

const HOLDINGS: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['service', 'tables'],
  properties: {
    service: { const: 'measure' },
    tables: rowsByTable(BY_FEEDBACK, 'The rows keyed by the given feedback ids, by table, as stored.'),
  },
};

/**
 * measure's part of a subject access request. measure never holds customer ids: its copies are
 * found by the feedback ids listen's part lists (`GET /v1/privacy/customers/:customerId` on listen).
 */
@Controller('v1/privacy')
export class AccessController {
  constructor(private readonly ds: DataSource) {}

  @Get('feedback')
  @ApiEndpoint({
    summary: "measure's copies of some feedback (a customer's, as listen lists them)",
    permission: 'admin',
    query: [
      {
        name: 'ids',
        schema: { type: 'string' },
        description: `Feedback ids, comma-separated (at most ${MAX_IDS}).`,
      },
    ],
    response: answer('Comment samples and respondents of those feedback ids.', HOLDINGS, {
      service: 'measure',
      tables: { comment_samples: [], respondents: [] },
    }),
  })
  async holdings(@TenantId() tenantId: string, @Query('ids') ids?: string) {
    const list = (ids ?? '').split(',').filter((x) => x !== '');
    if (list.length === 0 || list.length > MAX_IDS || !list.every((x) => ID_PATTERN.test(x)))
      throw new ValidationProblem([
        { field: 'ids', reason: `ids must be 1–${MAX_IDS} comma-separated feedback ids` },
      ]);
    const tables: Record<string, unknown[]> = {};
    for (const t of BY_FEEDBACK) {
      const rows = await this.ds.query<{ row: unknown }[]>(
        `SELECT to_jsonb(t) - 'tenant_id' AS row FROM measure.${t} t
         WHERE tenant_id = $1 AND feedback_id = ANY($2::text[])`,
        [tenantId, list],
      );
      tables[t] = rows.map((r) => r.row);
    }
    return { service: 'measure', tables };
  }
}
