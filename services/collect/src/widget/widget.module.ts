import { Module } from '@nestjs/common';
import { WidgetController } from './widget.controller';
import { WidgetGuard } from './widget.guard';
import { WidgetRepository } from './widget.repository';
import { WidgetService } from './widget.service';

/** The embeddable web widget: its script, its publishable-key door, its answers. */
@Module({
  controllers: [WidgetController],
  providers: [WidgetService, WidgetRepository, WidgetGuard],
})
export class WidgetModule {}
