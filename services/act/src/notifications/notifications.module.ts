import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ZonesModule } from '../zones/zones.module';
import { ChannelTestService } from './channel-test.service';
import { ChannelsController, NotificationsController } from './channels.controller';
import { ChannelsRepository } from './channels.repository';
import { DigestScheduler } from './digest.scheduler';
import { DigestService } from './digest.service';

/**
 * Team notifications: channel settings, test messages, digests and the notification log. What is
 * sent per event is written by ActionLog (NotificationOutbox) and the SLA scan; digests by
 * DigestService; all of it is sent by the webhook dispatcher.
 */
@Module({
  imports: [WebhooksModule, ZonesModule],
  controllers: [ChannelsController, NotificationsController],
  providers: [ChannelsRepository, ChannelTestService, DigestService, DigestScheduler],
})
export class NotificationsModule {}
