import { Module } from '@nestjs/common';
import { ErasureConsumer } from './erasure.consumer';
import { MeasureErasure } from './erasure.service';

/** Customers' erasure and access, and the retention of comment samples, in measure (docs/privacy.md). */
@Module({
  controllers: [ErasureConsumer],
  providers: [MeasureErasure],
})
export class PrivacyModule {}
