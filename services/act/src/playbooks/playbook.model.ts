/**
 * A tenant's playbook: ordered rules that turn recorded feedback (inner loop) and detected gaps
 * (outer loop) into action templates, plus the settings of verification, root causes and
 * systemic actions. Pure types and the built-in default; the default reproduces the skeleton's
 * behaviour (a detractor gets a follow-up from the touchpoint's team) and is documented in
 * services/act/README.md.
 */
import type { ActionCategory, ActionPriority, CycleLength, GapKind, ScopeKind } from '@continuum/contracts';
import DEFAULT_PLAYBOOK_DATA from './default-playbook.json';

export const PLAYBOOK_SCHEMA = 'continuum.playbook/v1';

export interface ScoreRange {
  readonly min?: number;
  readonly max?: number;
}

/** Every condition given must hold (AND); a rule list is ordered and the first match wins. */
export interface FeedbackMatch {
  readonly nps?: ScoreRange;
  readonly csat?: ScoreRange;
  readonly ces?: ScoreRange;
  readonly emoji?: ScoreRange;
  /** Sentiment (−1…1) strictly below this value. */
  readonly sentimentBelow?: number;
  /** At least one of these themes was found in the comment. */
  readonly themes?: readonly string[];
  /** Every key has one of the listed values. */
  readonly segment?: Readonly<Record<string, readonly string[]>>;
  readonly consentToContact?: boolean;
  readonly touchpoints?: readonly string[];
  readonly stages?: readonly string[];
  readonly channels?: readonly string[];
}

export type GapSeverity = 'minor' | 'major' | 'critical';
export const SEVERITIES: readonly GapSeverity[] = ['minor', 'major', 'critical'];

export interface GapMatch {
  readonly indicators?: readonly string[];
  readonly scopeKinds?: readonly ScopeKind[];
  readonly scopeIds?: readonly string[];
  readonly stages?: readonly string[];
  readonly gapKinds?: readonly GapKind[];
  /** |delta| at least this, in the indicator's unit. */
  readonly minDelta?: number;
  /** Significance: the (BH-adjusted, when present) q or else p at most this. */
  readonly maxQ?: number;
  readonly minSeverity?: GapSeverity;
}

export interface ActionTemplate {
  /** `{placeholder}`s are filled from the evidence; see PLACEHOLDERS. */
  readonly title: string;
  readonly description: string;
  /** A team; absent: the owning team of the touchpoint's stage (journey map), else defaultOwner. */
  readonly owner?: string;
  readonly category: ActionCategory;
  readonly priority: ActionPriority;
  /** Fractional hours are allowed (0.01 h = 36 s). */
  readonly slaHours: number;
  /** Teams the action passes to, in order, each time its SLA is breached. */
  readonly escalation: readonly string[];
  readonly effort?: number;
  readonly cost?: number;
}

export interface Rule<M> {
  readonly name: string;
  readonly when: M;
  readonly action: ActionTemplate;
}

export interface RootCause {
  readonly id: string;
  readonly label: string;
  readonly category: Exclude<ActionCategory, 'customer-follow-up'>;
}

export interface Playbook {
  readonly schema: typeof PLAYBOOK_SCHEMA;
  readonly defaultOwner: string;
  readonly feedbackRules: readonly Rule<FeedbackMatch>[];
  readonly gapRules: readonly Rule<GapMatch>[];
  readonly verification: {
    /** Completed cycles after resolution without recovery before the action is reopened. */
    readonly cycles: number;
    /** One-sided level of the "better than the gap" test. */
    readonly alpha: number;
    /** Responses a cycle needs before it can verify anything. */
    readonly minSample: number;
  };
  readonly rootCauses: {
    readonly taxonomy: readonly RootCause[];
    /** Resolving a follow-up must name a root cause (when the taxonomy is not empty). */
    readonly requireOnResolve: boolean;
    /** Follow-ups of one stage resolved with one root cause within one cycle that open a systemic action. */
    readonly threshold: number;
    readonly cycle: CycleLength;
    readonly timeZone: string;
    /** The systemic action; category comes from the root cause unless the template sets it. */
    readonly action: Omit<ActionTemplate, 'category'> & { readonly category?: ActionTemplate['category'] };
  };
}

/** Placeholders a template may use, by rule kind. */
export const PLACEHOLDERS = {
  feedback: [
    'evidence',
    'rule',
    'feedbackId',
    'touchpoint',
    'stage',
    'channel',
    'customer',
    'who',
    'nps',
    'csat',
    'ces',
    'emoji',
    'sentiment',
    'comment',
    'themes',
    'segment',
    'occurredAt',
    'consent',
  ],
  gap: [
    'evidence',
    'rule',
    'gapKey',
    'indicator',
    'scopeKind',
    'scopeId',
    'scope',
    'stage',
    'gapKind',
    'previous',
    'current',
    'target',
    'delta',
    'nCurrent',
    'nPrevious',
    'p',
    'q',
    'cycleStart',
    'cycleEnd',
    'cycleLength',
    'severity',
    'themes',
    'samples',
  ],
  systemic: [
    'evidence',
    'stage',
    'rootCause',
    'rootCauseLabel',
    'count',
    'threshold',
    'cycleStart',
    'cycleEnd',
    'followups',
  ],
} as const;

export type PlaceholderKind = keyof typeof PLACEHOLDERS;

/**
 * The built-in playbook (version 0), as data: default-playbook.json, documented with comments
 * in services/act/playbooks/default.yaml (playbook.validate.spec.ts holds the two equal and
 * valid against the playbook schema).
 */
export const DEFAULT_PLAYBOOK: Playbook = DEFAULT_PLAYBOOK_DATA as Playbook;
