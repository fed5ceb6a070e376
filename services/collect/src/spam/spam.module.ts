import { Global, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { PagesController } from '../pages/pages.controller';
import { RateLimits, SurveyPageLimits } from './spam.guards';

/** Rate limits of the survey pages (as middleware, ahead of them) and of the widget (its guard). */
@Global()
@Module({ providers: [RateLimits, SurveyPageLimits], exports: [RateLimits] })
export class SpamModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SurveyPageLimits).forRoutes(PagesController);
  }
}
