import { Module } from '@nestjs/common';
import { ErasureConsumer } from './erasure.consumer';
import { ActErasure } from './erasure.service';

/** Customers' erasure and access, and the retention of resolved actions and delivery logs, in act. */
@Module({
  controllers: [ErasureConsumer],
  providers: [ActErasure],
})
export class PrivacyModule {}
