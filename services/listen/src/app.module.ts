import { Module } from '@nestjs/common';
import { CoreModule } from '@continuum/platform';
import { LISTEN_MIGRATIONS } from '../migrations';
import { ContactPolicyModule } from './contact-policy/contact-policy.module';
import { FeedbackModule } from './feedback/feedback.module';
import { JourneyModule } from './journey/journey.module';
import { ThemesModule } from './themes/themes.module';
import { ImportsModule } from './imports/imports.module';
import { InteractionsModule } from './interactions/interactions.module';
import { ListenConfig } from './listen.config';
import { PeopleModule } from './people/people.module';
import { SurveysModule } from './surveys/surveys.module';
import { PrivacyModule } from './privacy/privacy.module';
import { InvitationsModule } from './invitations/invitations.module';
import { LoopMessagesModule } from './loop-messages/loop-messages.module';
import { PseudonymsModule } from './pseudonyms/pseudonyms.module';

/**
 * listen: the only door into Continuum. It owns the `listen` schema and reads no other service's;
 * it also serves the tenant's users, keys and audit trail (the shared `tenancy` schema).
 */
@Module({
  imports: [
    CoreModule.forRoot({
      service: 'listen',
      schema: 'listen',
      config: ListenConfig,
      migrations: LISTEN_MIGRATIONS,
    }),
    JourneyModule,
    ThemesModule,
    FeedbackModule,
    ContactPolicyModule,
    InteractionsModule,
    ImportsModule,
    PeopleModule,
    SurveysModule,
    PrivacyModule,
    InvitationsModule,
    LoopMessagesModule,
    PseudonymsModule,
  ],
})
export class AppModule {}
