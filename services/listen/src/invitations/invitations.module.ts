import { Module } from '@nestjs/common';
import { PseudonymsModule } from '../pseudonyms/pseudonyms.module';
import { ContactPolicyModule } from '../contact-policy/contact-policy.module';
import { JourneyModule } from '../journey/journey.module';
import { MailModule } from '../mail/mail.module';
import { SurveysModule } from '../surveys/surveys.module';
import { InvitationSender } from './invitation.sender';
import { InvitationsController } from './invitations.controller';
import { InteractionTriggerConsumer } from './invitations.consumer';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';

/** Invitations Continuum sends itself: triggers, the contact policy's verdict, e-mail delivery. */
@Module({
  imports: [ContactPolicyModule, SurveysModule, JourneyModule, MailModule, PseudonymsModule],
  controllers: [InvitationsController, InteractionTriggerConsumer],
  providers: [InvitationsService, InvitationsRepository, InvitationSender],
})
export class InvitationsModule {}
