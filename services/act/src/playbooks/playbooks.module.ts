import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { text } from 'express';
import { PlaybooksController, YAML_TYPES } from './playbooks.controller';
import { PlaybooksRepository } from './playbooks.repository';

/** Playbooks: versioned per tenant, written as JSON or YAML, read by every rule-driven use case. */
@Module({
  controllers: [PlaybooksController],
  providers: [PlaybooksRepository],
  exports: [PlaybooksRepository],
})
export class PlaybooksModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(text({ type: YAML_TYPES, limit: '1mb' })).forRoutes(PlaybooksController);
  }
}
