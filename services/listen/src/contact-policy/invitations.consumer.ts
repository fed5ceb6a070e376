import { EventPattern } from '@nestjs/microservices';
import { RAW_INVITATION_RULES, Topic } from '@continuum/contracts';
import { BatchConsumer, readRawRecords, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { TenantDirectory } from '@continuum/persistence';
import { ContactPolicyService } from './contact-policy.service';

/** `cx.invitations.raw.v1` → the same use case as `POST /v1/invitations`. */
@BatchConsumer()
export class InvitationsConsumer {
  constructor(
    private readonly policy: ContactPolicyService,
    private readonly tenants: TenantDirectory,
  ) {}

  @EventPattern(Topic.InvitationsRaw)
  async onRawInvitations(batch: RecordBatch): Promise<BatchOutcome> {
    const { accepted, rejected } = await readRawRecords(batch, RAW_INVITATION_RULES, (t) =>
      this.tenants.tenantExists(t),
    );
    await this.policy.recordInvitations(accepted);
    return { rejected };
  }
}
