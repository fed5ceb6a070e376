import { Module } from '@nestjs/common';
import { NotificationOutbox } from '../notifications/notification-outbox';
import { PlaybooksModule } from '../playbooks/playbooks.module';
import { ActionLog } from './action-log';
import { ActionsController } from './actions.controller';
import { ActionsRepository } from './actions.repository';
import { ActionsService } from './actions.service';

/** Actions: their store, their lifecycle over HTTP, and the log every change goes through. */
@Module({
  imports: [PlaybooksModule],
  controllers: [ActionsController],
  providers: [ActionsRepository, ActionsService, ActionLog, NotificationOutbox],
  exports: [ActionsRepository, ActionLog, NotificationOutbox],
})
export class ActionsModule {}
