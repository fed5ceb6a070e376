import { Module } from '@nestjs/common';
import { PseudonymsModule } from '../pseudonyms/pseudonyms.module';
import { MailModule } from '../mail/mail.module';
import { LoopClosedConsumer } from './loop-closed.consumer';
import { LoopMessagesController } from './loop-messages.controller';
import { LoopMessagesRepository } from './loop-messages.repository';
import { LoopMessagesSender } from './loop-messages.sender';
import { LoopMessagesService } from './loop-messages.service';

/**
 * "You said, we did": closed loops → messages to the consenting customers named, by e-mail, from
 * the tenant's template. Owns `loop_messages` and `loop_message_templates`; never changes a
 * customer's consent (opt-outs arrive from collect through the contact policy).
 */
@Module({
  imports: [MailModule, PseudonymsModule],
  controllers: [LoopMessagesController, LoopClosedConsumer],
  providers: [LoopMessagesService, LoopMessagesRepository, LoopMessagesSender],
})
export class LoopMessagesModule {}
