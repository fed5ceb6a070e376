/**
 * Counts invitation statuses into the response funnel, each in the cycle (of the tenant's journey,
 * in its time zone) of the instant its invitation was judged. Idempotent per invitation and status.
 */
import { Injectable } from '@nestjs/common';
import type { CloudEvent, Topic } from '@continuum/contracts';
import { cycleOf } from '@continuum/journey';
import { JourneyDirectory } from '../journey/journey.directory';
import { statusProblem } from './funnel';
import { FunnelRepository, type StatusRow } from './funnel.repository';

@Injectable()
export class FunnelService {
  constructor(
    private readonly repo: FunnelRepository,
    private readonly journeys: JourneyDirectory,
  ) {}

  /** Returns the refused events' ids with the reason. */
  async add(
    events: readonly CloudEvent<Topic.InvitationStatus>[],
  ): Promise<{ refused: Map<string, string> }> {
    const refused = new Map<string, string>();
    const valid = events.filter((e) => {
      const problem = statusProblem(e.data);
      if (problem) refused.set(e.id, problem);
      return !problem;
    });
    const settings = await this.journeys.many(valid.map((e) => e.tenantId));
    const rows = valid.map(({ data: d }): StatusRow => {
      const s = settings.get(d.tenantId)!;
      const cycle = cycleOf(d.invitedAt, s.cycle, s.timeZone);
      return {
        tenantId: d.tenantId,
        invitationId: d.invitationId,
        status: d.status,
        touchpoint: d.touchpoint,
        channel: d.channel,
        reason: d.reason,
        cycleLength: cycle.length,
        cycleStart: cycle.start,
        cycleEnd: cycle.end,
        at: d.at,
      };
    });
    await this.repo.add(rows);
    return { refused };
  }
}
