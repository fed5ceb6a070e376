import { Module } from '@nestjs/common';
import { PseudonymsModule } from '../pseudonyms/pseudonyms.module';
import { ContactPolicyController } from './contact-policy.controller';
import { ContactPolicyRepository } from './contact-policy.repository';
import { ContactPolicyService } from './contact-policy.service';
import { InvitationsConsumer } from './invitations.consumer';
import { OptedOutConsumer } from './opted-out.consumer';

/** Survey fatigue: invitations and answers per customer, customers' opt-outs, and the tenant's contact rules. */
@Module({
  imports: [PseudonymsModule],
  controllers: [ContactPolicyController, InvitationsConsumer, OptedOutConsumer],
  providers: [ContactPolicyService, ContactPolicyRepository],
  exports: [ContactPolicyRepository, ContactPolicyService],
})
export class ContactPolicyModule {}
