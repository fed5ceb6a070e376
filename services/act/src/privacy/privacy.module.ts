import { Module } from '@nestjs/common';
import { CustomerEraser, ErasureConsumer, RetentionLimitsConsumer } from '@continuum/platform';
import { AccessController } from './access.controller';
import { ActErasure } from './erasure.service';
import { ActRetention } from './retention.job';

/** Customers' erasure and access, and the retention of resolved actions and delivery logs, in act. */
@Module({
  controllers: [AccessController, ErasureConsumer, RetentionLimitsConsumer],
  providers: [{ provide: CustomerEraser, useClass: ActErasure }, ActRetention],
})
export class PrivacyModule {}
