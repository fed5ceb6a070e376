import { Controller, Get, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ID } from '@continuum/contracts';
import { answer, ApiEndpoint, checkedId, rowsByTable, TenantId, type JsonSchema } from '@continuum/platform';

/** What act holds about a customer, by table: each query takes the tenant and the customer id. */
const QUERIES = {
  actions: `SELECT to_jsonb(a) - 'tenant_id' AS row FROM act.actions a WHERE tenant_id = $1 AND customer_id = $2`,
  action_history: `SELECT to_jsonb(h) AS row FROM act.action_history h JOIN act.actions a ON a.id = h.action_id
    WHERE a.tenant_id = $1 AND a.customer_id = $2 ORDER BY h.id`,
  contacts: `SELECT to_jsonb(c) - 'tenant_id' AS row FROM act.contacts c WHERE tenant_id = $1 AND customer_id = $2`,
  webhook_deliveries: `SELECT to_jsonb(d) - 'tenant_id' AS row FROM act.webhook_deliveries d
    WHERE d.tenant_id = $1 AND (strpos(d.payload, to_json($2::text)::text) > 0 OR d.action_id IN (
      SELECT id FROM act.actions WHERE tenant_id = $1 AND customer_id = $2))`,
  writebacks: `SELECT to_jsonb(w) - 'tenant_id' AS row FROM act.writebacks w JOIN act.actions a ON a.id = w.action_id
    WHERE a.tenant_id = $1 AND a.customer_id = $2`,
} as const;

const HOLDINGS: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId', 'service', 'tables'],
  properties: {
    customerId: ID,
    service: { const: 'act' },
    tables: rowsByTable(Object.keys(QUERIES), 'Every row naming the customer, by table, as stored.'),
  },
};

/** act's part of a subject access request: the customer's follow-ups, notes, contacts and deliveries. */
@Controller('v1/privacy')
export class AccessController {
  constructor(private readonly ds: DataSource) {}

  @Get('customers/:customerId')
  @ApiEndpoint({
    summary: "act's part of what Continuum holds about a customer",
    description:
      "listen answers its part at the same path, and lists the feedback ids measure's part is found by.",
    permission: 'admin',
    path: [{ name: 'customerId', schema: ID }],
    response: answer("act's rows naming the customer (empty lists when none).", HOLDINGS, {
      customerId: 'crm-48213',
      service: 'act',
      tables: { actions: [], contacts: [] },
    }),
  })
  async holdings(@TenantId() tenantId: string, @Param('customerId') customerId: string) {
    checkedId('customerId', customerId);
    const tables: Record<string, unknown[]> = {};
    for (const [table, sql] of Object.entries(QUERIES))
      tables[table] = (await this.ds.query<{ row: unknown }[]>(sql, [tenantId, customerId])).map(
        (r) => r.row,
      );
    return { customerId, service: 'act', tables };
  }
}
