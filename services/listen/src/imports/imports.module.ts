import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { FeedbackModule } from '../feedback/feedback.module';
import { InteractionsModule } from '../interactions/interactions.module';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** An import is read while it uploads, at the pace rows are recorded: allow an hour per request. */
export const IMPORT_REQUEST_TIMEOUT_MS = 60 * 60 * 1000;

/** Bulk history: CSV files streamed into the feedback and interaction use cases. */
@Module({
  imports: [FeedbackModule, InteractionsModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportsRepository],
})
export class ImportsModule implements OnApplicationBootstrap {
  constructor(private readonly http: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    // Node's default (5 minutes for a whole request, body included) would cut long imports.
    const server = this.http.httpAdapter?.getHttpServer() as Server | undefined;
    if (server && server.requestTimeout < IMPORT_REQUEST_TIMEOUT_MS)
      server.requestTimeout = IMPORT_REQUEST_TIMEOUT_MS;
  }
}
