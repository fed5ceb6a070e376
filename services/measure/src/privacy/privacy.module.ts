import { Module } from '@nestjs/common';
import { AccessController } from './access.controller';
import { ErasureConsumer } from './erasure.consumer';
import { MeasureErasure } from './erasure.service';
import { RetentionConsumer, RetentionJob } from './retention.job';

/** Customers' erasure and access, and the retention of comment samples, in measure (docs/privacy.md). */
@Module({
  controllers: [AccessController, ErasureConsumer, RetentionConsumer],
  providers: [MeasureErasure, RetentionJob],
})
export class PrivacyModule {}
