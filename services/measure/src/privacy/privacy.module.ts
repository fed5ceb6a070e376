import { Module } from '@nestjs/common';
import { CustomerEraser, ErasureConsumer, RetentionLimitsConsumer } from '@continuum/platform';
import { AccessController } from './access.controller';
import { MeasureErasure } from './erasure.service';
import { CommentSampleRetention } from './retention.job';

/** Customers' erasure and access, and the retention of comment samples, in measure (docs/privacy.md). */
@Module({
  controllers: [AccessController, ErasureConsumer, RetentionLimitsConsumer],
  providers: [{ provide: CustomerEraser, useClass: MeasureErasure }, CommentSampleRetention],
})
export class PrivacyModule {}
