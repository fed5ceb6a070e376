/**
 * The JSON fields of each ingest DTO and their JSON types, for doors that receive text rather
 * than JSON (CSV imports): a cell becomes a number or a boolean only where the DTO expects one,
 * and the DTO still validates the result. `satisfies` keeps these tables equal to the DTOs.
 */
import type { FeedbackDto } from './feedback.dto';
import type { InteractionDto } from './interaction.dto';

/** `map`: a flat string map, spread over `name.key` columns in CSV. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'map';

type Fields<T> = Record<Exclude<keyof T, 'problems'>, FieldKind>;

export const FEEDBACK_FIELDS = {
  id: 'string',
  touchpoint: 'string',
  channel: 'string',
  customerId: 'string',
  occurredAt: 'string',
  nps: 'number',
  csat: 'number',
  ces: 'number',
  emoji: 'string',
  comment: 'string',
  segment: 'map',
  consentToContact: 'boolean',
} as const satisfies Fields<FeedbackDto>;

export const INTERACTION_FIELDS = {
  id: 'string',
  customerId: 'string',
  channel: 'string',
  touchpoint: 'string',
  queue: 'string',
  agentId: 'string',
  outcome: 'string',
  startedAt: 'string',
  endedAt: 'string',
  waitSeconds: 'number',
  holdSeconds: 'number',
  handleSeconds: 'number',
  transfers: 'number',
  resolved: 'boolean',
} as const satisfies Fields<InteractionDto>;
