import { EventPattern } from '@nestjs/microservices';
import { RawInvitationDto, Topic, validatePayload } from '@continuum/contracts';
import { BatchConsumer, type BatchOutcome, type RecordBatch, type Rejection } from '@continuum/kafka';
import { TenantDirectory } from '@continuum/persistence';
import { ContactPolicyService, type IncomingInvitation } from './contact-policy.service';

/** `cx.invitations.raw.v1` → the same use case as `POST /v1/invitations`. */
@BatchConsumer()
export class InvitationsConsumer {
  constructor(
    private readonly policy: ContactPolicyService,
    private readonly tenants: TenantDirectory,
  ) {}

  @EventPattern(Topic.InvitationsRaw)
  async onRawInvitations(batch: RecordBatch): Promise<BatchOutcome> {
    const rejected: Rejection[] = [];
    const valid: { record: RecordBatch['records'][number]; dto: RawInvitationDto }[] = [];
    for (const record of batch.records) {
      let plain: unknown;
      try {
        plain = JSON.parse(record.value ?? '');
      } catch {
        rejected.push({ record, code: 'invalid-json', reason: 'record value is not valid JSON' });
        continue;
      }
      const v = validatePayload(RawInvitationDto, plain);
      if (v.ok) valid.push({ record, dto: v.value });
      else
        rejected.push({
          record,
          code: 'validation',
          reason: v.problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
        });
    }
    const accepted: IncomingInvitation[] = [];
    const known = new Map<string, boolean>();
    for (const t of new Set(valid.map((v) => v.dto.tenantId)))
      known.set(t, await this.tenants.tenantExists(t));
    for (const { record, dto } of valid) {
      if (known.get(dto.tenantId)) accepted.push({ tenantId: dto.tenantId, dto });
      else rejected.push({ record, code: 'unknown-tenant', reason: `tenantId: no tenant "${dto.tenantId}"` });
    }
    await this.policy.recordInvitations(accepted);
    return { rejected };
  }
}
