import { EventPattern } from '@nestjs/microservices';
import { RAW_INVITATION_RULES, Topic } from '@continuum/contracts';
import { BatchConsumer, consumeRawRecords, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
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
  onRawInvitations(batch: RecordBatch): Promise<BatchOutcome> {
    return consumeRawRecords(
      batch,
      RAW_INVITATION_RULES,
      (t) => this.tenants.tenantExists(t),
      (accepted) => this.policy.recordInvitations(accepted),
    );
  }
}
