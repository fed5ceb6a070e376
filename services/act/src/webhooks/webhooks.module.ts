import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook.dispatcher';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';

/** Webhooks: subscriptions over HTTP and the dispatcher that sends the deliveries ActionLog wrote. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhookDispatcher],
})
export class WebhooksModule {}
