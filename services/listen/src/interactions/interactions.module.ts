import { Module } from '@nestjs/common';
import { PseudonymsModule } from '../pseudonyms/pseudonyms.module';
import { JourneyModule } from '../journey/journey.module';
import { InteractionsConsumer } from './interactions.consumer';
import { InteractionSettingsController, InteractionsController } from './interactions.controller';
import { InteractionsRepository } from './interactions.repository';
import { InteractionsService } from './interactions.service';

/** Implicit signals: HTTP and raw-topic doors into one recording use case with derived signals. */
@Module({
  imports: [JourneyModule, PseudonymsModule],
  controllers: [InteractionsController, InteractionSettingsController, InteractionsConsumer],
  providers: [InteractionsService, InteractionsRepository],
  exports: [InteractionsService],
})
export class InteractionsModule {}
