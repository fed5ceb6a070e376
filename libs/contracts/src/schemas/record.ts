/**
 * Raw-topic records (`cx.*.raw.v1`) checked by their JSON Schema through compiled ajv, then by
 * what a schema cannot say: instants inside the plausible window and the DTO's rules across
 * fields (`problems()`). Same verdicts as the HTTP doors' DTOs (proved by validate.spec.ts),
 * without class-transformer and class-validator on the hot path.
 */
import { RawFeedbackDto } from '../dto/feedback.dto';
import { RawInteractionDto } from '../dto/interaction.dto';
import { RawInvitationDto } from '../dto/invitation.dto';
import { inputProblems, type FieldProblem, type SelfChecking, type Validated } from '../dto/validate';
import { INSTANT_PATTERN, isPlausibleInstant, PLAUSIBLE_INSTANT_REASON } from '../dto/validators';
import { RAW_FEEDBACK_SCHEMA } from './feedback.schema';
import { RAW_INTERACTION_SCHEMA } from './interaction.schema';
import { RAW_INVITATION_SCHEMA } from './invitation.schema';
import { problemsOf, validatorFor } from './validator';

/** A raw record's rules: its schema, and the DTO class whose `problems()` holds the rest. */
export interface RecordRules<T extends SelfChecking> {
  readonly schema: { readonly properties: Readonly<Record<string, unknown>> };
  readonly cls: new () => T;
}

export const RAW_FEEDBACK_RULES: RecordRules<RawFeedbackDto> = {
  schema: RAW_FEEDBACK_SCHEMA,
  cls: RawFeedbackDto,
};
export const RAW_INTERACTION_RULES: RecordRules<RawInteractionDto> = {
  schema: RAW_INTERACTION_SCHEMA,
  cls: RawInteractionDto,
};
export const RAW_INVITATION_RULES: RecordRules<RawInvitationDto> = {
  schema: RAW_INVITATION_SCHEMA,
  cls: RawInvitationDto,
};

const instantFields = new WeakMap<object, readonly string[]>();

/** The top-level fields the schema gives the sender-instant pattern: their window is checked here. */
function instantFieldsOf(schema: RecordRules<SelfChecking>['schema']): readonly string[] {
  let fields = instantFields.get(schema);
  if (!fields) {
    fields = Object.entries(schema.properties)
      .filter(([, s]) => (s as { pattern?: string }).pattern === INSTANT_PATTERN.source)
      .map(([k]) => k);
    instantFields.set(schema, fields);
  }
  return fields;
}

export function validateRecord<T extends SelfChecking>(rules: RecordRules<T>, plain: unknown): Validated<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { ok: false, problems: [{ field: '(body)', reason: 'must be a JSON object' }] };
  }
  const unsafe = inputProblems(plain);
  if (unsafe.length > 0) return { ok: false, problems: unsafe };
  const validate = validatorFor(rules.schema);
  if (!validate(plain)) return { ok: false, problems: problemsOf(rules.schema, validate.errors) };
  const fields = plain as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const k of instantFieldsOf(rules.schema)) {
    if (fields[k] != null && !isPlausibleInstant(fields[k]))
      problems.push({ field: k, reason: `${k} ${PLAUSIBLE_INSTANT_REASON}` });
  }
  if (problems.length > 0) return { ok: false, problems };
  // Prototype keys were refused above, so the copy cannot reach the prototype.
  const value = Object.assign(new rules.cls(), plain);
  const own = value.problems();
  return own.length === 0 ? { ok: true, value } : { ok: false, problems: own };
}
