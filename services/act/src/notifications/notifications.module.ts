import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ChannelsController, NotificationsController } from './channels.controller';
import { ChannelsRepository } from './channels.repository';

/**
 * Team notifications: channel settings and the notification log over HTTP. What is sent is
 * written by ActionLog (NotificationOutbox) and the SLA scan, and sent by the webhook dispatcher.
 */
@Module({
  imports: [WebhooksModule],
  controllers: [ChannelsController, NotificationsController],
  providers: [ChannelsRepository],
})
export class NotificationsModule {}
