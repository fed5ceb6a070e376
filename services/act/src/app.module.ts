import { Module } from '@nestjs/common';
import { Topic } from '@continuum/contracts';
import { CoreModule } from '@continuum/platform';
import { ACT_MIGRATIONS } from '../migrations';
import { ActConfig } from './act.config';
import { ActionsModule } from './actions/actions.module';
import { FollowupModule } from './followup/followup.module';
import { FOLLOWUP_CONSUMER } from './followup/followup.service';
import { GapsModule } from './gaps/gaps.module';
import { GAPS_CONSUMER } from './gaps/gaps.service';
import { NotificationsModule } from './notifications/notifications.module';
import { PlaybooksModule } from './playbooks/playbooks.module';
import { PrivacyModule } from './privacy/privacy.module';
import { SlaModule } from './sla/sla.module';
import { VerificationModule } from './verification/verification.module';
import { VERIFICATION_CONSUMER } from './verification/verification.service';
import { WebhooksModule } from './webhooks/webhooks.module';
import { ZonesModule } from './zones/zones.module';

/**
 * act: turns gaps and unhappy customers into owned actions, escalates, delivers and verifies them.
 * Owns the `act` schema only; talks to the other services by events alone.
 */
@Module({
  imports: [
    CoreModule.forRoot({
      service: 'act',
      schema: 'act',
      config: ActConfig,
      migrations: ACT_MIGRATIONS,
      claims: {
        [FOLLOWUP_CONSUMER]: Topic.FeedbackRecorded,
        [GAPS_CONSUMER]: Topic.GapsDetected,
        [VERIFICATION_CONSUMER]: Topic.MetricsUpdated,
      },
    }),
    PlaybooksModule,
    ActionsModule,
    FollowupModule,
    GapsModule,
    VerificationModule,
    SlaModule,
    WebhooksModule,
    NotificationsModule,
    ZonesModule,
    PrivacyModule,
  ],
})
export class AppModule {}
