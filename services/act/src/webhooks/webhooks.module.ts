import { Logger, Module } from '@nestjs/common';
import { ActConfig } from '../act.config';
import { Mailer } from '../notifications/mailer';
import { SecretBox } from './secret-box';
import { WebhookDispatcher } from './webhook.dispatcher';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';

/** Webhooks: subscriptions over HTTP and the dispatcher that sends the deliveries ActionLog wrote. */
@Module({
  controllers: [WebhooksController],
  providers: [
    WebhooksRepository,
    WebhookDispatcher,
    Mailer,
    {
      provide: SecretBox,
      useFactory: (cfg: ActConfig) => {
        const box = SecretBox.fromConfig(cfg);
        if (box.development)
          new Logger('webhooks').warn(
            'ACT_SECRET_KEY is not set: webhook secrets are encrypted under the development key, which is in the source. Set ACT_SECRET_KEY (32 random bytes, base64) anywhere real; with NODE_ENV=production act refuses to start without it.',
          );
        return box;
      },
      inject: [ActConfig],
    },
  ],
  exports: [SecretBox, Mailer, WebhookDispatcher],
})
export class WebhooksModule {}
