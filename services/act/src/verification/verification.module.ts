import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { VerificationConsumer } from './verification.consumer';
import { VerificationService } from './verification.service';

/** Verification: resolved gap actions watch their metric until the gap closes or they reopen. */
@Module({
  imports: [ActionsModule],
  controllers: [VerificationConsumer],
  providers: [VerificationService],
  exports: [VerificationService],
})
export class VerificationModule {}
