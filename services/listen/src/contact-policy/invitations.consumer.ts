import { RAW_INVITATION_RULES, Topic } from '@continuum/contracts';
import { rawRecordsConsumer } from '@continuum/kafka';
import { TenantDirectory } from '@continuum/persistence';
import { ContactPolicyService } from './contact-policy.service';

/** `cx.invitations.raw.v1` → the same use case as `POST /v1/invitations`. */
export const InvitationsConsumer = rawRecordsConsumer(
  Topic.InvitationsRaw,
  RAW_INVITATION_RULES,
  { useCase: ContactPolicyService, tenants: TenantDirectory },
  (policy, accepted) => policy.recordInvitations(accepted),
);
