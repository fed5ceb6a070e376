import { EventPattern } from '@nestjs/microservices';
import { RawInteractionDto, Topic, validatePayload } from '@continuum/contracts';
import { BatchConsumer, type BatchOutcome, type RecordBatch, type Rejection } from '@continuum/kafka';
import { TenantDirectory } from '@continuum/persistence';
import { InteractionsService, type IncomingInteraction } from './interactions.service';

/** `cx.interactions.raw.v1` → the same use case as `POST /v1/interactions`; bad records are dead-lettered. */
@BatchConsumer()
export class InteractionsConsumer {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly tenants: TenantDirectory,
  ) {}

  @EventPattern(Topic.InteractionsRaw)
  async onRawInteractions(batch: RecordBatch): Promise<BatchOutcome> {
    const rejected: Rejection[] = [];
    const valid: { record: RecordBatch['records'][number]; dto: RawInteractionDto }[] = [];
    for (const record of batch.records) {
      let plain: unknown;
      try {
        plain = JSON.parse(record.value ?? '');
      } catch {
        rejected.push({ record, code: 'invalid-json', reason: 'record value is not valid JSON' });
        continue;
      }
      const v = validatePayload(RawInteractionDto, plain);
      if (v.ok) valid.push({ record, dto: v.value });
      else
        rejected.push({
          record,
          code: 'validation',
          reason: v.problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
        });
    }
    const known = new Map<string, boolean>();
    for (const t of new Set(valid.map((v) => v.dto.tenantId)))
      known.set(t, await this.tenants.tenantExists(t));
    const accepted: IncomingInteraction[] = [];
    for (const { record, dto } of valid) {
      if (known.get(dto.tenantId)) {
        accepted.push({ tenantId: dto.tenantId, dto });
      } else {
        rejected.push({ record, code: 'unknown-tenant', reason: `tenantId: no tenant "${dto.tenantId}"` });
      }
    }
    await this.interactions.record(accepted);
    return { rejected };
  }
}
