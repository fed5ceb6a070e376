/**
 * The topic catalogue: the one place topic names, keys and partitioning live.
 *
 * DO NOT RENAME a topic or change its partition key without a migration plan: integrators
 * subscribe to these names, and the key decides which consumer owns a touchpoint's state.
 * A breaking payload change is a new topic version (`.v2`), never an edit of `.v1`.
 */
export enum Topic {
  FeedbackRaw = 'cx.feedback.raw.v1',
  InteractionsRaw = 'cx.interactions.raw.v1',
  InvitationsRaw = 'cx.invitations.raw.v1',
  FeedbackRecorded = 'cx.feedback.recorded.v1',
  InteractionRecorded = 'cx.interaction.recorded.v1',
  InteractionRevised = 'cx.interaction.revised.v1',
  MetricsUpdated = 'cx.metrics.updated.v1',
  GapsDetected = 'cx.gaps.detected.v1',
  Actions = 'cx.actions.v1',
  LoopClosed = 'cx.loop.closed.v1',
  InvitationStatus = 'cx.invitation.status.v1',
  ContactOptedOut = 'cx.contact.opted-out.v1',
  Journey = 'cx.journey.v1',
  DeadLetter = 'cx.deadletter.v1',
  PrivacyErasure = 'cx.privacy.erasure.v1',
  PrivacyErased = 'cx.privacy.erased.v1',
  PrivacyRetention = 'cx.privacy.retention.v1',
}

export interface TopicSpec {
  readonly name: Topic;
  readonly partitions: number;
  /** What the record key is made of; keys are built by `partitionKey`. */
  readonly key: string;
  readonly compacted: boolean;
  /** Retention in milliseconds; -1 keeps forever (compacted topics). */
  readonly retentionMs: number;
  readonly description: string;
}

const DAY = 24 * 60 * 60 * 1000;

export const TOPICS: readonly TopicSpec[] = [
  {
    name: Topic.FeedbackRaw,
    partitions: 6,
    key: 'tenantId:customerId (or tenantId:id when no customer)',
    compacted: false,
    retentionMs: 7 * DAY,
    description: 'Explicit feedback as survey tools and widgets send it; validated by listen.',
  },
  {
    name: Topic.InteractionsRaw,
    partitions: 6,
    key: 'tenantId:customerId',
    compacted: false,
    retentionMs: 7 * DAY,
    description: 'Contact-centre interaction events; per-customer order for repeat-contact detection.',
  },
  {
    name: Topic.InvitationsRaw,
    partitions: 3,
    key: 'tenantId:customerId',
    compacted: false,
    retentionMs: 7 * DAY,
    description: 'Survey invitations integrators report, counted by the contact policy.',
  },
  {
    name: Topic.FeedbackRecorded,
    partitions: 6,
    key: 'tenantId:touchpoint',
    compacted: false,
    retentionMs: 30 * DAY,
    description: 'Feedback as recorded by listen: redacted, enriched, deduplicated.',
  },
  {
    name: Topic.InteractionRecorded,
    partitions: 6,
    key: 'tenantId:touchpoint',
    compacted: false,
    retentionMs: 30 * DAY,
    description:
      'Interactions as recorded by listen, with derived repeat-contact and first-contact resolution.',
  },
  {
    name: Topic.InteractionRevised,
    partitions: 6,
    key: 'tenantId:touchpoint',
    compacted: false,
    retentionMs: 30 * DAY,
    description:
      'Corrections of derived signals (repeat contact, first-contact resolution) of an interaction recorded earlier, caused by a contact that arrived later.',
  },
  {
    name: Topic.MetricsUpdated,
    partitions: 3,
    key: 'tenantId:scopeKind:scopeId',
    compacted: false,
    retentionMs: 30 * DAY,
    description: 'Indicator values of a scope and cycle after an update.',
  },
  {
    name: Topic.GapsDetected,
    partitions: 3,
    key: 'tenantId:gapKey',
    compacted: false,
    retentionMs: 90 * DAY,
    description: 'Statistically real experience gaps, with their evidence.',
  },
  {
    name: Topic.Actions,
    partitions: 3,
    key: 'tenantId:actionId',
    compacted: false,
    retentionMs: 90 * DAY,
    description: 'Every change of a corrective or follow-up action.',
  },
  {
    name: Topic.LoopClosed,
    partitions: 3,
    key: 'tenantId:actionId',
    compacted: false,
    retentionMs: 90 * DAY,
    description: '"You said, we did": a verified action and the customers to tell.',
  },
  {
    name: Topic.InvitationStatus,
    partitions: 3,
    key: 'tenantId:invitationId',
    compacted: false,
    retentionMs: 30 * DAY,
    description:
      'What became of each survey invitation (invited, skipped by policy, delivered, bounced, opened, answered): the response funnel.',
  },
  {
    name: Topic.ContactOptedOut,
    partitions: 3,
    key: 'tenantId:customerId (the pseudonym unless the tenant opted into raw ids)',
    compacted: false,
    retentionMs: 30 * DAY,
    description:
      'A customer opted out of being contacted (through the link in a message), for the contact policy.',
  },
  {
    name: Topic.Journey,
    partitions: 1,
    key: 'tenantId',
    compacted: true,
    retentionMs: -1,
    description: 'The current journey map of every tenant (compacted: last value per tenant).',
  },
  {
    name: Topic.DeadLetter,
    partitions: 3,
    key: 'the original key',
    compacted: false,
    retentionMs: 30 * DAY,
    description: 'Records a service could not accept, with the reason and origin in headers.',
  },
  {
    name: Topic.PrivacyErasure,
    partitions: 1,
    key: 'tenantId:erasureId',
    compacted: false,
    // It names the customer being erased: kept only as long as a consumer may take to read it.
    retentionMs: 7 * DAY,
    description:
      "A customer's erasure (GDPR art. 17): every service, and integrators downstream, remove or anonymise what they hold of them.",
  },
  {
    name: Topic.PrivacyErased,
    partitions: 1,
    key: 'tenantId:erasureId',
    compacted: false,
    retentionMs: 30 * DAY,
    description: "A service's confirmation that it has erased a customer (no customer id, only counts).",
  },
  {
    name: Topic.PrivacyRetention,
    partitions: 1,
    key: 'tenantId',
    compacted: true,
    retentionMs: -1,
    description: "Each tenant's retention limits, for the services that delete their own rows by age.",
  },
];

export function topicSpec(name: Topic): TopicSpec {
  const spec = TOPICS.find((t) => t.name === name);
  if (!spec) throw new Error(`Topic ${name} is not in the catalogue`);
  return spec;
}

/**
 * Builds a partition key; parts are joined with ':' so a key never collides across tenants. A key
 * of a non-raw topic never holds a raw customer id: pass the id as the event carries it.
 */
export function partitionKey(...parts: readonly string[]): string {
  return parts.join(':');
}
