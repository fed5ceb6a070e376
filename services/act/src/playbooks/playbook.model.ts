/**
 * A tenant's playbook: ordered rules that turn recorded feedback (inner loop) and detected gaps
 * (outer loop) into action templates, plus the settings of verification, root causes and
 * systemic actions. Pure types and the built-in default; the default reproduces the skeleton's
 * behaviour (a detractor gets a follow-up from the touchpoint's team) and is documented in
 * services/act/README.md and services/act/playbooks/default.yaml.
 */
import type { ActionCategory, ActionPriority, CycleLength, GapKind, ScopeKind } from '@continuum/contracts';

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

const CALL_BACK = 'The customer agreed to be contacted.';
const DO_NOT_CALL = 'The customer did not agree to be contacted: do not call.';

function detractorRule(strong: boolean, consent: boolean): Rule<FeedbackMatch> {
  return {
    name: `${strong ? 'strong-' : ''}detractor-${consent ? 'call-back' : 'no-consent'}`,
    when: { nps: { max: strong ? 3 : 6 }, consentToContact: consent },
    action: {
      title: consent
        ? 'Call back detractor (NPS {nps}) at {touchpoint}'
        : 'Review detractor feedback (NPS {nps}) at {touchpoint} — no consent to contact',
      description: `{evidence}\n${consent ? CALL_BACK : DO_NOT_CALL}`,
      category: 'customer-follow-up',
      priority: strong ? 'high' : 'medium',
      slaHours: strong ? 24 : 48,
      escalation: ['customer-care-lead', 'head-of-customer-experience'],
    },
  };
}

export const DEFAULT_PLAYBOOK: Playbook = {
  schema: PLAYBOOK_SCHEMA,
  defaultOwner: 'customer-care',
  feedbackRules: [
    detractorRule(true, true),
    detractorRule(false, true),
    detractorRule(true, false),
    detractorRule(false, false),
  ],
  gapRules: [
    {
      name: 'critical-gap',
      when: { gapKinds: ['vs-previous', 'vs-target'], minSeverity: 'critical' },
      action: {
        title: '{indicator} fell by {delta} at {scope}',
        description: '{evidence}',
        category: 'process',
        priority: 'critical',
        slaHours: 72,
        escalation: ['head-of-customer-experience'],
      },
    },
    {
      name: 'gap',
      when: { gapKinds: ['vs-previous', 'vs-target'] },
      action: {
        title: '{indicator} fell by {delta} at {scope}',
        description: '{evidence}',
        category: 'process',
        priority: 'high',
        slaHours: 168,
        escalation: ['head-of-customer-experience'],
      },
    },
    {
      name: 'early-warning',
      when: { gapKinds: ['early-warning'] },
      action: {
        title: 'Early warning: {indicator} drifting at {scope}',
        description: '{evidence}',
        category: 'process',
        priority: 'medium',
        slaHours: 168,
        escalation: [],
      },
    },
  ],
  verification: { cycles: 2, alpha: 0.05, minSample: 30 },
  rootCauses: {
    taxonomy: [
      { id: 'waiting-time', label: 'Waiting time', category: 'organisation' },
      { id: 'staff-attitude', label: 'Staff attitude', category: 'organisation' },
      { id: 'agent-knowledge', label: 'Agent knowledge', category: 'organisation' },
      { id: 'delivery', label: 'Delivery', category: 'process' },
      { id: 'billing', label: 'Billing and charges', category: 'process' },
      { id: 'refund', label: 'Refund', category: 'process' },
      { id: 'website-app', label: 'Website and app', category: 'technology' },
      { id: 'dropped-call', label: 'Dropped call', category: 'technology' },
      { id: 'transfers', label: 'Transfers', category: 'organisation' },
      { id: 'product-quality', label: 'Product quality', category: 'process' },
      { id: 'price', label: 'Price', category: 'process' },
      { id: 'other', label: 'Other', category: 'process' },
    ],
    requireOnResolve: false,
    threshold: 5,
    cycle: 'week',
    timeZone: 'UTC',
    action: {
      title: 'Recurring root cause at stage {stage}: {rootCauseLabel} ({count} follow-ups)',
      description: '{evidence}',
      priority: 'high',
      slaHours: 168,
      escalation: ['head-of-customer-experience'],
    },
  },
};
