/** Keeps the latest journey of every tenant, as published by listen on the compacted topic. */
import { Injectable, Logger } from '@nestjs/common';
import type { CloudEvent, JourneyV1, Topic } from '@continuum/contracts';
import { JourneyDirectory } from './journey.directory';
import { JourneyRepository } from './journey.repository';
import { journeyProblem } from './journey.settings';

@Injectable()
export class JourneyService {
  private readonly logger = new Logger('journey');

  constructor(
    private readonly repo: JourneyRepository,
    private readonly directory: JourneyDirectory,
  ) {}

  /** Stores the valid journeys; returns the refused events' ids with the reason. */
  async apply(events: readonly CloudEvent<Topic.Journey>[]): Promise<{ refused: Map<string, string> }> {
    const refused = new Map<string, string>();
    const valid: JourneyV1[] = [];
    for (const e of events) {
      const problem = journeyProblem(e.data);
      if (problem) refused.set(e.id, problem);
      else valid.push(e.data);
    }
    const applied = await this.repo.upsertLatest(valid);
    if (applied > 0) this.logger.log(`stored ${applied} journey version(s)`);
    this.directory.forget(valid.map((j) => j.tenantId));
    return { refused };
  }
}
