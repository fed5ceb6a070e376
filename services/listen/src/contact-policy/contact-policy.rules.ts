/**
 * Survey fatigue: whether a customer may be asked for feedback now and, if not, until when.
 * A rule caps the survey contacts (invitations sent and answers received) in a rolling window,
 * overall or on one channel, optionally only for customers of a segment. Pure.
 */
export interface ContactRule {
  /** At most this many contacts… */
  readonly max: number;
  /** …in any window of this many days. */
  readonly windowDays: number;
  /** Only contacts on this channel count, and only asks on it are limited. */
  readonly channel?: string;
  /** Applies only to customers whose segment has all these attributes. */
  readonly segment?: Readonly<Record<string, string>>;
}

export interface SurveyContact {
  readonly at: Date;
  readonly channel: string | null;
}

export interface PolicyAnswer {
  readonly allowed: boolean;
  /** When every rule allows again; null when allowed now. */
  readonly until: string | null;
  readonly reasons: readonly string[];
}

/** Why an invitation was not sent: the customer opted out, or the kind of the first rule that forbade it. */
export type PolicySkipReason = 'opt-out' | 'policy:overall' | 'policy:channel' | 'policy:segment';

export const OPTED_OUT_REASON = 'the customer opted out of being contacted';

export interface PolicyDecision extends PolicyAnswer {
  /** The blocking rules' kinds, in rule order; empty when allowed. */
  readonly codes: readonly PolicySkipReason[];
}

function kindOf(rule: ContactRule): PolicySkipReason {
  if (rule.segment && Object.keys(rule.segment).length > 0) return 'policy:segment';
  return rule.channel !== undefined ? 'policy:channel' : 'policy:overall';
}

export const DEFAULT_RULES: readonly ContactRule[] = [
  { max: 2, windowDays: 30 },
  { max: 1, windowDays: 7, channel: '*' },
];

const DAY = 86_400_000;

function applies(rule: ContactRule, segment: Readonly<Record<string, string>>): boolean {
  return Object.entries(rule.segment ?? {}).every(([k, v]) => segment[k] === v);
}

/**
 * `channel: '*'` is a per-channel rule: it limits each channel separately (the asked channel).
 * Contacts must be those of the customer within the longest window; any order.
 */
export function evaluatePolicy(
  rules: readonly ContactRule[],
  contacts: readonly SurveyContact[],
  ask: { channel: string | null; segment: Readonly<Record<string, string>> },
  now: Date,
): PolicyAnswer {
  const { allowed, until, reasons } = decidePolicy(rules, contacts, ask, now);
  return { allowed, until, reasons };
}

/** `evaluatePolicy` with the kind of each blocking rule, for counting skipped invitations. */
export function decidePolicy(
  rules: readonly ContactRule[],
  contacts: readonly SurveyContact[],
  ask: { channel: string | null; segment: Readonly<Record<string, string>> },
  now: Date,
): PolicyDecision {
  let until = 0;
  const reasons: string[] = [];
  const codes: PolicySkipReason[] = [];
  for (const rule of rules) {
    if (!applies(rule, ask.segment)) continue;
    const channel = rule.channel === '*' ? ask.channel : (rule.channel ?? null);
    if (rule.channel !== undefined && channel === null) continue; // a channel rule says nothing of an ask without channel
    if (rule.channel !== undefined && rule.channel !== '*' && rule.channel !== ask.channel) continue;
    const since = now.getTime() - rule.windowDays * DAY;
    const inWindow = contacts
      .filter(
        (c) =>
          c.at.getTime() > since &&
          c.at.getTime() <= now.getTime() &&
          (channel === null || c.channel === channel),
      )
      .map((c) => c.at.getTime())
      .sort((a, b) => b - a);
    if (inWindow.length < rule.max) continue;
    // Allowed again when the max-th most recent contact leaves the window.
    const free = inWindow[rule.max - 1] + rule.windowDays * DAY;
    until = Math.max(until, free);
    const scope = channel ? `on ${channel}` : 'overall';
    reasons.push(
      `${inWindow.length} survey contact(s) ${scope} in the last ${rule.windowDays} day(s); the limit is ${rule.max}`,
    );
    codes.push(kindOf(rule));
  }
  return until === 0
    ? { allowed: true, until: null, reasons: [], codes: [] }
    : { allowed: false, until: new Date(until).toISOString(), reasons, codes };
}

export function longestWindowDays(rules: readonly ContactRule[]): number {
  return Math.max(1, ...rules.map((r) => r.windowDays));
}
