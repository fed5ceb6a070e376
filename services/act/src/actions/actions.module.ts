import { Module } from '@nestjs/common';
import { ActionsController } from './actions.controller';
import { ActionsRepository } from './actions.repository';

/** Actions: their store and their HTTP surface. */
@Module({
  controllers: [ActionsController],
  providers: [ActionsRepository],
  exports: [ActionsRepository],
})
export class ActionsModule {}
