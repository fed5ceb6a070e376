import { Module } from '@nestjs/common';
import { FeedbackConsumer } from './feedback.consumer';
import { FeedbackController } from './feedback.controller';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackService } from './feedback.service';

/** Explicit feedback: HTTP and raw-topic doors into one recording use case. */
@Module({
  controllers: [FeedbackController, FeedbackConsumer],
  providers: [FeedbackService, FeedbackRepository],
  exports: [FeedbackService],
})
export class FeedbackModule {}
