/**
 * Folds recorded feedback and interactions into the mergeable per-cell state and marks the
 * touched cells for the (coalesced) running indicators, see MetricsPublisher. Each event is
 * claimed once in the transaction that adds it, so redelivery never double-counts, and a late event lands in the cycle of its own event time.
 * Never decides gaps (the gaps feature does, when a cycle closes).
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  CloudEvent,
  FeedbackRecordedV1,
  InteractionRecordedV1,
  InteractionRevisedV1,
  Topic,
} from '@continuum/contracts';
import { claimEvents, openSealedComments, SubjectKeyCache } from '@continuum/persistence';
import { JourneyDirectory } from '../journey/journey.directory';
import type { TenantSettings } from '../journey/journey.settings';
import { MeasureConfig } from '../measure.config';
import { AggregationRepository } from './aggregation.repository';
import { foldFeedback, foldInteractions, foldRevisions, type Fold } from './cells';

export const FEEDBACK_CONSUMER = 'measure.feedback';
export const INTERACTION_CONSUMER = 'measure.interaction';
export const REVISION_CONSUMER = 'measure.revision';

export interface AddOutcome {
  readonly counted: number;
}

@Injectable()
export class AggregationService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: AggregationRepository,
    private readonly journeys: JourneyDirectory,
    private readonly cfg: MeasureConfig,
    private readonly keys: SubjectKeyCache,
  ) {}

  /**
   * A customer's comment arrives sealed: opened with their key first, or absent if they were erased
   * since (the answer still counts; only its text is gone).
   */
  async addFeedback(sealed: readonly CloudEvent<Topic.FeedbackRecorded>[]): Promise<AddOutcome> {
    const opened = await openSealedComments(
      this.ds,
      this.keys,
      sealed.map((e) => e.data),
    );
    const events = sealed.map((e, i) => ({ ...e, data: opened[i] }));
    return this.add(events, FEEDBACK_CONSUMER, (items, settings) =>
      foldFeedback(items, settings, this.cfg.MEASURE_COMMENT_SAMPLES),
    );
  }

  async addInteractions(events: readonly CloudEvent<Topic.InteractionRecorded>[]): Promise<AddOutcome> {
    return this.add(events, INTERACTION_CONSUMER, foldInteractions);
  }

  async addRevisions(events: readonly CloudEvent<Topic.InteractionRevised>[]): Promise<AddOutcome> {
    return this.add(events, REVISION_CONSUMER, foldRevisions);
  }

  private async add<T extends FeedbackRecordedV1 | InteractionRecordedV1 | InteractionRevisedV1>(
    events: readonly { readonly id: string; readonly tenantId: string; readonly data: T }[],
    consumer: string,
    fold: (items: readonly T[], settings: (tenantId: string) => TenantSettings) => Fold,
  ): Promise<AddOutcome> {
    // The consumer's door (decodeEvents) checked each event against its topic's JSON Schema.
    const valid = events;
    if (valid.length === 0) return { counted: 0 };
    const settings = await this.journeys.many(valid.map((e) => e.data.tenantId));
    const tenantOf = (t: string) => settings.get(t)!;
    // A batch may carry the same event twice (a producer retry): count it once.
    const unique = [...new Map(valid.map((e) => [e.id, e])).values()];
    // Folded before the transaction, on the usual assumption that every event is new, so the
    // cycle rows stay locked for the writes only; folded again if some were seen before.
    const optimistic = fold(
      unique.map((e) => e.data),
      tenantOf,
    );
    const counted = await this.ds.transaction(async (m) => {
      const fresh = await claimEvents(
        m,
        'measure',
        consumer,
        unique.map((e) => e.id),
      );
      if (fresh.size === 0) return 0;
      const increments =
        fresh.size === unique.length
          ? optimistic
          : fold(
              unique.filter((e) => fresh.has(e.id)).map((e) => e.data),
              tenantOf,
            );
      await this.repo.add(m, increments, this.cfg.MEASURE_COMMENT_SAMPLES);
      return fresh.size;
    });
    return { counted };
  }
}
