import { Module } from '@nestjs/common';
import { AccessController } from './access.controller';
import { ErasureConsumer } from './erasure.consumer';
import { ActErasure } from './erasure.service';
import { RetentionConsumer, RetentionJob } from './retention.job';

/** Customers' erasure and access, and the retention of resolved actions and delivery logs, in act. */
@Module({
  controllers: [AccessController, ErasureConsumer, RetentionConsumer],
  providers: [ActErasure, RetentionJob],
})
export class PrivacyModule {}
