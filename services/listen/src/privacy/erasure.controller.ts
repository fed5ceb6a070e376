import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ERASING_SERVICES, ID, IsId } from '@continuum/contracts';
import type { AuditActor } from '@continuum/persistence';
import {
  Actor,
  answer,
  ApiEndpoint,
  checkedId,
  found,
  rowsByTable,
  TenantId,
  type JsonSchema,
} from '@continuum/platform';
import { CUSTOMER_TABLES } from './erasure.repository';
import { ErasureService, type ErasureView } from './erasure.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class ErasureDto {
  @IsId()
  customerId!: string;
}

const ERASURE_VIEW: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'requestedAt', 'status', 'services'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    requestedAt: { type: 'string', format: 'date-time' },
    status: { enum: ['pending', 'completed'], description: '`completed` once every service has confirmed.' },
    services: {
      type: 'object',
      additionalProperties: false,
      required: [...ERASING_SERVICES],
      properties: Object.fromEntries(
        ERASING_SERVICES.map((s) => [
          s,
          {
            type: 'object',
            required: ['status'],
            properties: {
              status: { enum: ['pending', 'erased'] },
              erasedAt: { type: 'string', format: 'date-time' },
              rows: {
                type: 'object',
                additionalProperties: { type: 'integer' },
                description: 'Rows removed or anonymised, by table.',
              },
            },
          },
        ]),
      ),
    },
  },
};
const ERASURE_EXAMPLE = {
  id: '4f6c1f0e-2a5b-4c1d-9e8f-0a1b2c3d4e5f',
  requestedAt: '2026-03-02T09:00:00.000Z',
  status: 'pending',
  services: {
    listen: {
      status: 'erased',
      erasedAt: '2026-03-02T09:00:00.000Z',
      rows: { 'listen.feedback': 2, 'listen.interactions': 1 },
    },
    measure: { status: 'pending' },
    act: { status: 'erased', erasedAt: '2026-03-02T09:00:01.000Z', rows: { 'act.actions': 1 } },
    collect: { status: 'pending' },
  },
};

const HOLDINGS: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId', 'pseudonym', 'service', 'tables', 'elsewhere'],
  properties: {
    customerId: ID,
    pseudonym: {
      ...ID,
      description: "The customer as events and act name them (act's part is asked for by it).",
    },
    service: { const: 'listen' },
    elsewhere: {
      type: 'object',
      description:
        "Where the other services' parts are asked for (measure's by the customer's feedback ids, act's by the pseudonym).",
      properties: { measure: { type: 'string' }, act: { type: 'string' } },
    },
    tables: rowsByTable(
      CUSTOMER_TABLES,
      'Every row naming the customer, by table, as stored (columns as in the database).',
    ),
  },
};

/**
 * Per-customer erasure and subject access (issue 20 items 1 and 5). The erasure's record names no
 * customer; its status lists each service's confirmation as it arrives.
 */
@Controller('v1/privacy')
export class ErasureController {
  constructor(private readonly erasures: ErasureService) {}

  @Post('erasures')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiEndpoint({
    summary: 'Erase a customer: every service removes or anonymises what names them',
    description:
      "listen deletes the customer's rows at once and publishes `cx.privacy.erasure.v1`; measure, act and collect erase theirs on reading it and confirm on `cx.privacy.erased.v1` (follow them with GET). Indicators keep their counts. A customer's records arriving after the erasure are recorded as new.",
    permission: 'admin',
    body: {
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['customerId'],
        properties: { customerId: ID },
      },
      example: { customerId: 'crm-48213' },
    },
    response: answer("The erasure, listen's part done.", ERASURE_VIEW, ERASURE_EXAMPLE, 202),
  })
  async erase(
    @TenantId() tenantId: string,
    @Actor() actor: AuditActor,
    @Body() body: ErasureDto,
  ): Promise<ErasureView> {
    return this.erasures.request(tenantId, body.customerId, actor);
  }

  @Get('erasures/:id')
  @ApiEndpoint({
    summary: "An erasure's progress, service by service",
    permission: 'admin',
    path: [{ name: 'id', schema: { type: 'string' }, description: 'The erasure id POST answered.' }],
    response: answer('The erasure.', ERASURE_VIEW, ERASURE_EXAMPLE),
    problems: [404],
  })
  async get(@TenantId() tenantId: string, @Param('id') id: string): Promise<ErasureView> {
    return found(UUID.test(id) && (await this.erasures.status(tenantId, id)), `no erasure ${id}`);
  }

  @Get('customers/:customerId')
  @ApiEndpoint({
    summary: "listen's part of what Continuum holds about a customer",
    description:
      "Every row of listen naming the customer, and the customer's pseudonym. act answers its part at the same path, by pseudonym; measure's copies are keyed by the feedback ids listed here (`GET /v1/privacy/feedback?ids=` on measure), as `elsewhere` says.",
    permission: 'admin',
    path: [{ name: 'customerId', schema: ID }],
    response: {
      status: 200,
      description: "listen's rows naming the customer (empty lists when none).",
      schema: HOLDINGS,
      example: {
        customerId: 'crm-48213',
        pseudonym: 'psn_3q2-7wAbC1dEf2gHi3jKl4mNo5p',
        service: 'listen',
        tables: { feedback: [{ id: 'fb-1', nps: 3 }] },
        elsewhere: {
          measure: 'GET /v1/privacy/feedback?ids=fb-1',
          act: 'GET /v1/privacy/customers/psn_3q2-7wAbC1dEf2gHi3jKl4mNo5p',
        },
      },
    },
  })
  async holdings(@TenantId() tenantId: string, @Param('customerId') customerId: string) {
    checkedId('customerId', customerId);
    const { pseudonym, tables } = await this.erasures.holdings(tenantId, customerId);
    const ids = (tables.feedback as { id: string }[]).map((f) => encodeURIComponent(f.id));
    return {
      customerId,
      pseudonym,
      service: 'listen',
      tables,
      elsewhere: {
        ...(ids.length > 0 ? { measure: `GET /v1/privacy/feedback?ids=${ids.join(',')}` } : {}),
        act: `GET /v1/privacy/customers/${encodeURIComponent(pseudonym)}`,
      },
    };
  }
}
