/**
 * The payload schema of every catalogue topic: what the AsyncAPI document publishes and what
 * consumers validate each record's data against (`eventProblems`), so the two cannot differ.
 */
import type { EventType } from '../events';
import { Topic } from '../topics';
import type { FieldProblem } from '../dto/validate';
import { FEEDBACK_RECORDED_SCHEMA, RAW_FEEDBACK_SCHEMA } from './feedback.schema';
import {
  INTERACTION_RECORDED_SCHEMA,
  INTERACTION_REVISED_SCHEMA,
  RAW_INTERACTION_SCHEMA,
} from './interaction.schema';
import {
  CONTACT_OPTED_OUT_SCHEMA,
  INVITATION_STATUS_SCHEMA,
  RAW_INVITATION_SCHEMA,
} from './invitation.schema';
import { JOURNEY_SCHEMA } from './journey.schema';
import { PRIVACY_ERASED_SCHEMA, PRIVACY_ERASURE_SCHEMA, PRIVACY_RETENTION_SCHEMA } from './privacy.schema';
import {
  ACTION_CHANGED_SCHEMA,
  GAP_DETECTED_SCHEMA,
  LOOP_CLOSED_SCHEMA,
  METRICS_UPDATED_SCHEMA,
} from './metrics.schema';
import { schemaProblems } from './validator';

export const DEAD_LETTER_VALUE_SCHEMA = {
  description:
    "The original record's value, byte for byte: any JSON, or text that is not JSON at all (that may be why it is here).",
} as const;

export const PAYLOAD_SCHEMAS: Readonly<Record<Topic, object>> = {
  [Topic.FeedbackRaw]: RAW_FEEDBACK_SCHEMA,
  [Topic.InteractionsRaw]: RAW_INTERACTION_SCHEMA,
  [Topic.InvitationsRaw]: RAW_INVITATION_SCHEMA,
  [Topic.FeedbackRecorded]: FEEDBACK_RECORDED_SCHEMA,
  [Topic.InteractionRecorded]: INTERACTION_RECORDED_SCHEMA,
  [Topic.InteractionRevised]: INTERACTION_REVISED_SCHEMA,
  [Topic.MetricsUpdated]: METRICS_UPDATED_SCHEMA,
  [Topic.GapsDetected]: GAP_DETECTED_SCHEMA,
  [Topic.Actions]: ACTION_CHANGED_SCHEMA,
  [Topic.LoopClosed]: LOOP_CLOSED_SCHEMA,
  [Topic.InvitationStatus]: INVITATION_STATUS_SCHEMA,
  [Topic.ContactOptedOut]: CONTACT_OPTED_OUT_SCHEMA,
  [Topic.Journey]: JOURNEY_SCHEMA,
  [Topic.DeadLetter]: DEAD_LETTER_VALUE_SCHEMA,
  [Topic.PrivacyErasure]: PRIVACY_ERASURE_SCHEMA,
  [Topic.PrivacyErased]: PRIVACY_ERASED_SCHEMA,
  [Topic.PrivacyRetention]: PRIVACY_RETENTION_SCHEMA,
};

/** What is wrong with an event's data against its topic's schema (empty when it is valid). */
export function eventProblems(type: EventType, data: unknown): FieldProblem[] {
  return schemaProblems(PAYLOAD_SCHEMAS[type], data);
}
