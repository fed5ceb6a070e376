/**
 * The typed event map: an event type fixes its payload type. Event types equal the names of
 * the topics they travel on, so a `.v2` payload is a new type on a new topic.
 */
import { Topic } from './topics';

export type EmojiScore = 1 | 2 | 3 | 4 | 5;

export interface FeedbackRecordedV1 {
  /** The sender's idempotency key, unique per tenant. */
  readonly feedbackId: string;
  readonly tenantId: string;
  readonly touchpoint: string;
  /** From the journey map; null when the touchpoint is unknown to it (then flagged). */
  readonly stage: string | null;
  readonly owner: string | null;
  readonly channel: string | null;
  /** The customer as topics name them: a pseudonym (`psn_…`) unless the tenant opted into raw ids. */
  readonly customerId: string | null;
  readonly occurredAt: string;
  readonly receivedAt: string;
  readonly nps: number | null;
  readonly csat: number | null;
  readonly ces: number | null;
  readonly emoji: EmojiScore | null;
  /**
   * Redacted: PII replaced by typed placeholders before it was stored or published. On the topic,
   * null when the feedback names a customer: the comment is then in `sealedComment`.
   */
  readonly comment: string | null;
  /**
   * The redacted comment of feedback with a customer, sealed with the subject's key (`sealed.ts`):
   * erasing the customer deletes the key, which leaves this unreadable on every retained record.
   * Absent on anonymous feedback and on events published before issue 20.
   */
  readonly sealedComment?: string;
  readonly language: 'it' | 'en' | 'und' | null;
  readonly sentiment: number | null;
  readonly themes: readonly string[];
  readonly segment: Readonly<Record<string, string>>;
  readonly consentToContact: boolean;
  /** e.g. `unknown-touchpoint`, `pii-redacted`. */
  readonly flags: readonly string[];
}

export const INTERACTION_OUTCOMES = ['handled', 'abandoned', 'transferred'] as const;
export type InteractionOutcome = (typeof INTERACTION_OUTCOMES)[number];

/**
 * An interaction as listen recorded it. Derived signals (see services/listen/README.md):
 * - `repeatContact`: another contact of the same customer started within the tenant's window
 *   (`repeatWindowDays`) before this one, by event time (`startedAt`, ties broken by id).
 * - `firstContactResolution`: null when it does not apply (abandoned, or `resolved` unknown);
 *   otherwise `resolved` and no later contact of the same customer within the window. A `true`
 *   is provisional until `repeatWindowEndsAt`.
 * Both are as known when the event was published: a contact that arrives later (out of order, or
 * a repeat within the window) revises them with a `cx.interaction.revised.v1` event.
 */
export interface InteractionRecordedV1 {
  readonly interactionId: string;
  readonly tenantId: string;
  /** The customer as topics name them: a pseudonym (`psn_…`) unless the tenant opted into raw ids. */
  readonly customerId: string;
  readonly touchpoint: string;
  readonly stage: string | null;
  readonly owner: string | null;
  readonly channel: string;
  readonly queue: string | null;
  readonly agentId: string | null;
  readonly outcome: InteractionOutcome;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly waitSeconds: number | null;
  readonly holdSeconds: number | null;
  readonly handleSeconds: number | null;
  readonly transfers: number;
  readonly resolved: boolean | null;
  /** The same customer contacted the tenant before, within the repeat window. */
  readonly repeatContact: boolean;
  readonly firstContactResolution: boolean | null;
  readonly flags: readonly string[];
  /** The tenant's repeat-contact window applied, in days. */
  readonly repeatWindowDays: number;
  /** `startedAt` plus the window: until then a later contact may still revise the signals. */
  readonly repeatWindowEndsAt: string;
  readonly receivedAt: string;
}

export interface DerivedSignals {
  readonly repeatContact: boolean;
  readonly firstContactResolution: boolean | null;
}

/**
 * A correction of an interaction's derived signals: `previous` is what the last event about it
 * (recorded, or the revision before) said, the top-level fields what is true now. Consumers that
 * keep sums subtract `previous` and add the new values; revisions of one interaction carry
 * increasing `revision` numbers (the recorded event is revision 0) and share its partition key.
 */
export interface InteractionRevisedV1 extends InteractionRecordedV1 {
  readonly revision: number;
  readonly previous: DerivedSignals;
  /** The interaction whose arrival caused the revision. */
  readonly causedBy: string;
}

/** The kinds of scope an indicator, gap, target or watch is about: the one list of them. */
export const SCOPE_KINDS = ['touchpoint', 'stage', 'channel', 'segment', 'journey'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
/** A scope as query parameters write it, `kind:id`. */
export const SCOPE_PARAM_PATTERN = `^(${SCOPE_KINDS.join('|')}):.{1,200}$`;
export const CYCLE_LENGTHS = ['day', 'week', 'month'] as const;
export type CycleLength = (typeof CYCLE_LENGTHS)[number];

export interface Scope {
  readonly kind: ScopeKind;
  /** touchpoint id, stage id, channel, `key=value` for segments, `*` for the journey. */
  readonly id: string;
}

export interface Cycle {
  readonly length: CycleLength;
  /** Start and end as instants (end exclusive), computed in the tenant's time zone. */
  readonly start: string;
  readonly end: string;
}

export interface IndicatorValue {
  /** Identifier of the definition that produced the value, e.g. `nps/v1`. */
  readonly indicator: string;
  readonly n: number;
  readonly value: number | null;
  readonly ci: readonly [number, number] | null;
}

export interface MetricsUpdatedV1 {
  readonly tenantId: string;
  readonly scope: Scope;
  readonly cycle: Cycle;
  readonly indicators: readonly IndicatorValue[];
  /** True when published by the evaluation of a closed cycle (absent on running updates). */
  readonly closed?: boolean;
}

export const GAP_KINDS = ['vs-previous', 'vs-target', 'early-warning'] as const;
export type GapKind = (typeof GAP_KINDS)[number];

/** One statistical comparison behind a gap (a gap may rest on both the previous cycle and a target). */
export interface GapComparison {
  readonly kind: 'vs-previous' | 'vs-target';
  /** The previous cycle's value or the target. */
  readonly reference: number | null;
  readonly delta: number | null;
  readonly ci: readonly [number, number] | null;
  /** Two-sided, unadjusted; null when not tested (insufficient sample). */
  readonly p: number | null;
  /** Benjamini–Hochberg adjusted within the tenant's cycle. */
  readonly q: number | null;
  /** e.g. `nps-adjusted-wald-z`, `two-proportion-z`, `welch-t`. */
  readonly test: string | null;
  readonly status: 'gap' | 'insufficient-sample' | 'not-significant' | 'below-minimum-effect' | 'better';
}

/**
 * How an early warning fired (since issue 21): a one-sided mixture SPRT per cell against the
 * previous cycle, its e-value taken across the tenant's cells by e-BH at level `fdr`.
 */
export interface EProcessSignal {
  readonly method: 'msprt-ebh';
  /** The cell's e-value when it was warned (the inverse is its anytime-valid p-value). */
  readonly eValue: number;
  /** What e-BH needed at that look: family ÷ (fdr × rejections). */
  readonly threshold: number;
  /** Cells of the tenant's cycle with a baseline to compare with (e-BH's m). */
  readonly family: number;
  /** Cells warned in this cycle so far, this one included. */
  readonly rejections: number;
  readonly fdr: number;
  /** Scale of the drops the test is tuned to, in the indicator's unit. */
  readonly tau: number;
}

/** How an early warning fired before issue 21: an EWMA chart of the open cycle's slices (kept for stored gaps). */
export interface EwmaSignal {
  readonly method: 'ewma';
  readonly lambda: number;
  readonly limit: number;
  readonly points: number;
  readonly ewma: number;
  /** The lower (or upper, for lower-is-better indicators) control limit crossed. */
  readonly bound: number;
}

export type EarlyWarningSignal = EProcessSignal | EwmaSignal;

export interface GapDetectedV1 {
  readonly tenantId: string;
  /**
   * Stable: tenant, scope, indicator, cycle — plus `early-warning` for early warnings, so an
   * early warning and the closed cycle's gap of the same cell are two keys. One gap per key.
   */
  readonly gapKey: string;
  readonly kind: GapKind;
  readonly scope: Scope;
  readonly indicator: string;
  readonly cycle: Cycle;
  readonly previous: number | null;
  readonly current: number;
  readonly nPrevious: number | null;
  readonly nCurrent: number;
  readonly delta: number;
  readonly ci: readonly [number, number];
  readonly p: number;
  readonly q: number | null;
  readonly target: number | null;
  readonly stage: string | null;
  readonly owner: string | null;
  readonly themes: readonly { theme: string; share: number; change: number }[];
  readonly sampleComments: readonly string[];
  /** The test behind `p` and `ci`. */
  readonly test?: string | null;
  /** Every comparison made for this scope × indicator × cycle, gap or not. */
  readonly comparisons?: readonly GapComparison[];
  /** Broader scopes (journey, stage) whose own gap this one accounts for, so they were not published. */
  readonly explains?: readonly Scope[];
  /** Present on `early-warning` gaps. */
  readonly signal?: EarlyWarningSignal;
  readonly detectedAt?: string;
}

export const ACTION_STATUSES = [
  'open',
  'acknowledged',
  'resolved',
  'verified',
  'reopened',
  'cancelled',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_CATEGORIES = ['process', 'organisation', 'technology', 'customer-follow-up'] as const;
export type ActionCategory = (typeof ACTION_CATEGORIES)[number];
/** The categories of a root cause (a follow-up is not a cause). */
export const ROOT_CAUSE_CATEGORIES = ['process', 'organisation', 'technology'] as const;
export const ACTION_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type ActionPriority = (typeof ACTION_PRIORITIES)[number];
export const ACTION_LOOPS = ['inner', 'outer'] as const;
export type ActionLoop = (typeof ACTION_LOOPS)[number];

export interface ActionView {
  readonly id: string;
  readonly tenantId: string;
  readonly dedupKey: string;
  readonly loop: ActionLoop;
  readonly title: string;
  /** On `cx.actions.v1`, `[sealed]` when `sealedDescription` carries it. */
  readonly description: string;
  /**
   * On `cx.actions.v1` only: the description of an action about a customer, which may quote their
   * comment, sealed with the subject's key (`sealed.ts`). The API and webhooks show it in clear.
   */
  readonly sealedDescription?: string;
  readonly status: ActionStatus;
  readonly owner: string;
  readonly category: ActionCategory;
  readonly priority: ActionPriority;
  readonly stage: string | null;
  readonly touchpoint: string | null;
  /** The customer as topics name them: a pseudonym (`psn_…`) unless the tenant opted into raw ids. */
  readonly customerId: string | null;
  readonly sourceEventId: string;
  /** Hours from opening (or from the last escalation) to the due time; may be fractional. */
  readonly slaHours: number;
  readonly dueAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The playbook rule that produced the action, and the playbook version (0: the built-in default). */
  readonly rule: string | null;
  readonly playbookVersion: number;
  /** Who gets the action next when its SLA is breached; `escalationLevel` of them have had it. */
  readonly escalationChain: readonly string[];
  readonly escalationLevel: number;
  /** Outer loop: the gap behind the action, whose scope and indicator verification watches. */
  readonly gapKey: string | null;
  readonly indicator: string | null;
  readonly scope: Scope | null;
  /** Inner loop: the cause recorded on resolution, from the tenant's root-cause taxonomy. */
  readonly rootCause: string | null;
  /** Estimates (playbook or people), in the tenant's own units: effort e.g. person-days, cost e.g. EUR. */
  readonly effort: number | null;
  readonly cost: number | null;
  readonly resolvedAt: string | null;
  readonly verifiedAt: string | null;
  /** The key of the ticket a ticket tool made for the action (e.g. `CX-42`); absent before issue 19. */
  readonly externalRef?: string | null;
}

export const ACTION_CHANGES = [
  'opened',
  'acknowledged',
  'resolved',
  'verified',
  'reopened',
  'cancelled',
  'escalated',
  'evidence-added',
  'noted',
] as const;

export type ActionChange = (typeof ACTION_CHANGES)[number];

export interface ActionChangedV1 {
  readonly change: ActionChange;
  /** `continuum`, `user:<sub>` or `key:<prefix>`. */
  readonly actor: string;
  /** The person's display name (or the key's prefix); absent from events before people signed in. */
  readonly actorName?: string;
  /** On the topic, null for an action about a customer when `sealedComment` carries it. */
  readonly comment: string | null;
  /** The change's comment sealed like `action.sealedDescription` (evidence quotes the customer). */
  readonly sealedComment?: string;
  readonly action: ActionView;
}

export interface LoopClosedV1 {
  readonly tenantId: string;
  readonly actionId: string;
  readonly gapKey: string;
  /** Customers as topics name them: pseudonyms (`psn_…`) unless the tenant opted into raw ids. */
  readonly customers: readonly string[];
  readonly summary: string;
  /** The action's title, what "we did" (absent from events before issue 18). */
  readonly title?: string;
}

/**
 * The stages of the response funnel, in order. listen publishes `invited` (every invitation the
 * contact policy judged, or a trigger considered), `skipped` (with its reason), `delivered` (the
 * mail server took it), `bounced` and `failed`; collect publishes `opened` and `answered`.
 */
export const INVITATION_STATUSES = [
  'invited',
  'skipped',
  'delivered',
  'bounced',
  'failed',
  'opened',
  'answered',
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface InvitationStatusV1 {
  readonly tenantId: string;
  readonly invitationId: string;
  readonly status: InvitationStatus;
  readonly touchpoint: string | null;
  readonly channel: string | null;
  /** When the invitation was judged: every status of an invitation counts in that instant's cycle. */
  readonly invitedAt: string;
  /** When this status happened. */
  readonly at: string;
  /** Why it was skipped (`policy:channel`, `opt-out`, `consent`, `sampling`…); null for other statuses. */
  readonly reason: string | null;
}

export interface ContactOptedOutV1 {
  readonly tenantId: string;
  /** The customer as topics name them: a pseudonym (`psn_…`) unless the tenant opted into raw ids. */
  readonly customerId: string;
  /** Where the customer opted out, e.g. `loop-message`. */
  readonly source: string;
  readonly at: string;
}

export interface JourneyStage {
  readonly id: string;
  readonly name: string;
  readonly owner: string | null;
}

export interface JourneyTouchpoint {
  readonly id: string;
  readonly name: string;
  readonly stage: string;
  readonly channel: string | null;
  readonly owner: string | null;
}

export interface JourneyTarget {
  readonly scope: Scope;
  readonly indicator: string;
  readonly op: '>=' | '<=';
  readonly value: number;
}

export interface JourneyV1 {
  readonly tenantId: string;
  readonly version: number;
  readonly stages: readonly JourneyStage[];
  readonly touchpoints: readonly JourneyTouchpoint[];
  readonly teams: readonly { name: string; contact: string | null }[];
  readonly targets: readonly JourneyTarget[];
  readonly cycle: CycleLength;
  readonly timeZone: string;
  readonly repeatContactWindowDays: number;
}

/** The services that hold customer data and confirm an erasure. */
export const ERASING_SERVICES = ['listen', 'measure', 'act', 'collect'] as const;
export type ErasingService = (typeof ERASING_SERVICES)[number];

/**
 * A customer's erasure, requested from listen (`POST /v1/privacy/erasures`). listen has already
 * erased its own rows when it publishes this; the ids it lists are what downstream copies are keyed
 * by, since measure and act never held the customer id next to them.
 */
export interface PrivacyErasureV1 {
  readonly tenantId: string;
  readonly erasureId: string;
  /** The customer's pseudonym, as the tenant's events name them (never the raw id). */
  readonly customerId: string;
  /**
   * The customer's own id, only for a tenant that has put raw ids on its topics (downstream
   * copies may name it); absent otherwise.
   */
  readonly rawCustomerId?: string;
  /** The sender's ids of the customer's feedback (measure keys comment samples and respondents by them). */
  readonly feedbackIds: readonly string[];
  /** The ids of the recorded events about the customer (act's actions and their history cite them). */
  readonly eventIds: readonly string[];
  /** SHA-256 (hex) of each of the customer's comments as recorded, to find them quoted as gap evidence. */
  readonly commentDigests: readonly string[];
  /** The keys of the customer's invitations (collect keeps answers by them). */
  readonly invitationKeys: readonly string[];
  readonly requestedAt: string;
}

/** One service's confirmation of an erasure: how many rows it removed or anonymised, by table. */
export interface PrivacyErasedV1 {
  readonly tenantId: string;
  readonly erasureId: string;
  readonly service: ErasingService;
  readonly erasedAt: string;
  readonly rows: Readonly<Record<string, number>>;
}

/** A tenant's retention limits in days (null: kept until erased), as every service applies them. */
export interface PrivacyRetentionV1 {
  readonly tenantId: string;
  readonly feedbackDays: number | null;
  readonly interactionDays: number | null;
  readonly commentSampleDays: number | null;
  readonly resolvedActionDays: number | null;
  readonly deliveryLogDays: number | null;
}

export interface EventMap {
  [Topic.FeedbackRecorded]: FeedbackRecordedV1;
  [Topic.InteractionRecorded]: InteractionRecordedV1;
  [Topic.InteractionRevised]: InteractionRevisedV1;
  [Topic.MetricsUpdated]: MetricsUpdatedV1;
  [Topic.GapsDetected]: GapDetectedV1;
  [Topic.Actions]: ActionChangedV1;
  [Topic.LoopClosed]: LoopClosedV1;
  [Topic.InvitationStatus]: InvitationStatusV1;
  [Topic.ContactOptedOut]: ContactOptedOutV1;
  [Topic.Journey]: JourneyV1;
  [Topic.PrivacyErasure]: PrivacyErasureV1;
  [Topic.PrivacyErased]: PrivacyErasedV1;
  [Topic.PrivacyRetention]: PrivacyRetentionV1;
}

export type EventType = keyof EventMap;
export type EventData<T extends EventType> = EventMap[T];
