import { Module } from '@nestjs/common';
import { PseudonymsModule } from '../pseudonyms/pseudonyms.module';
import { ContactPolicyModule } from '../contact-policy/contact-policy.module';
import { JourneyModule } from '../journey/journey.module';
import { ThemesModule } from '../themes/themes.module';
import { FeedbackConsumer } from './feedback.consumer';
import { FeedbackController } from './feedback.controller';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackService } from './feedback.service';

/** Explicit feedback: HTTP and raw-topic doors into one recording use case. */
@Module({
  imports: [JourneyModule, ThemesModule, ContactPolicyModule, PseudonymsModule],
  controllers: [FeedbackController, FeedbackConsumer],
  providers: [FeedbackService, FeedbackRepository],
  exports: [FeedbackService],
})
export class FeedbackModule {}
