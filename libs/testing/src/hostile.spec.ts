import {
  RAW_FEEDBACK_RULES,
  RAW_INTERACTION_RULES,
  RAW_INVITATION_RULES,
  RawFeedbackDto,
  RawInteractionDto,
  RawInvitationDto,
  validatePayload,
  validateRecord,
  type RecordRules,
  type SelfChecking,
} from '@continuum/contracts';
import { mutate, Seeded, sweep, type Json } from './hostile';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

const CASES: [string, RecordRules<SelfChecking>, new () => object, Json][] = [
  [
    'feedback',
    RAW_FEEDBACK_RULES,
    RawFeedbackDto,
    {
      tenantId: 't-1',
      id: 'f-1',
      touchpoint: 'checkout',
      channel: 'web',
      occurredAt: hoursAgo(1),
      nps: 9,
      emoji: 'happy',
      comment: 'ok',
      segment: { plan: 'fibra', region: 'nord' },
      consentToContact: true,
    },
  ],
  [
    'interaction',
    RAW_INTERACTION_RULES,
    RawInteractionDto,
    {
      tenantId: 't-1',
      id: 'i-1',
      customerId: 'c-1',
      channel: 'voice',
      touchpoint: 'agent-call',
      outcome: 'handled',
      startedAt: hoursAgo(2),
      endedAt: hoursAgo(1.9),
      waitSeconds: 30.5,
      handleSeconds: 300,
      transfers: 1,
      resolved: true,
    },
  ],
  [
    'invitation',
    RAW_INVITATION_RULES,
    RawInvitationDto,
    { tenantId: 't-1', id: 'v-1', customerId: 'c-1', channel: 'email', segment: { plan: 'fibra' } },
  ],
];

// The fuzz suite's hostile bodies, parsed as a raw-topic consumer parses them: the JSON Schema
// (ajv) and the DTO (class-validator) must refuse and accept the same ones.
describe('hostile bodies: the raw-record schemas and the DTOs agree', () => {
  it.each(CASES)('%s', (_, rules, cls, valid) => {
    const r = new Seeded(20261205);
    const mutants = [...sweep(valid), ...Array.from({ length: 3000 }, () => mutate(valid, r))];
    let compared = 0;
    for (const m of mutants) {
      if (typeof m.body !== 'string') continue;
      let plain: unknown;
      try {
        plain = JSON.parse(m.body);
      } catch {
        continue; // refused as invalid JSON before any validation, on both doors
      }
      const record = validateRecord(rules, plain);
      const dto = validatePayload(cls, plain);
      expect({ what: m.what, schema: record.ok }).toEqual({ what: m.what, schema: dto.ok });
      compared++;
    }
    expect(compared).toBeGreaterThan(1000);
    expect(validateRecord(rules, valid).ok).toBe(true);
  });
});
