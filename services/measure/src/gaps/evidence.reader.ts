import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CycleLength } from '@continuum/contracts';
import { AggregationRepository, type CellState } from '../aggregation/aggregation.repository';
import { scopeKey, type ScopeRef } from '../aggregation/cells';
import { growingThemes, sampleComments, type ThemeShift } from './evidence';

export interface ScopeEvidence {
  readonly themes: ThemeShift[];
  /** Quotes for measure's own gap rows and API. */
  readonly comments: string[];
  /**
   * Quotes for the gap event on `cx.gaps.v1`: anonymous feedback's only. A customer's comment is on
   * topics only sealed with their key, and a gap quotes several customers: left out, not sealed.
   */
  readonly topicComments: string[];
}

const unhappyOf = (s: CellState | undefined): number => s?.histograms.unhappy?.get(1) ?? 0;

/** Reads the themes and comments behind the gaps of some scopes (three queries, whatever their number). */
@Injectable()
export class EvidenceReader {
  constructor(private readonly cells: AggregationRepository) {}

  async read(
    m: EntityManager,
    at: { readonly tenantId: string; readonly cycleLength: CycleLength; readonly cycleStart: string },
    previousStart: string,
    current: ReadonlyMap<string, CellState>,
    previous: ReadonlyMap<string, CellState>,
    scopes: readonly ScopeRef[],
  ): Promise<Map<string, ScopeEvidence>> {
    const unique = [...new Map(scopes.map((s) => [scopeKey(s), s])).values()];
    const out = new Map<string, ScopeEvidence>();
    if (unique.length === 0) return out;
    const { tenantId, cycleLength, cycleStart } = at;
    const now = await this.cells.readThemes(m, tenantId, cycleLength, cycleStart, unique);
    const before = await this.cells.readThemes(m, tenantId, cycleLength, previousStart, unique);
    const comments = await this.cells.readComments(m, tenantId, cycleLength, cycleStart, unique);
    for (const s of unique) {
      const k = scopeKey(s);
      const themes = growingThemes(
        { themes: now.get(k) ?? new Map(), unhappy: unhappyOf(current.get(k)) },
        previous.has(k) ? { themes: before.get(k) ?? new Map(), unhappy: unhappyOf(previous.get(k)) } : null,
      );
      const samples = comments.get(k) ?? [];
      out.set(k, {
        themes,
        comments: sampleComments(samples, themes),
        topicComments: sampleComments(
          samples.filter((c) => !c.fromCustomer),
          themes,
        ),
      });
    }
    return out;
  }
}
