/**
 * The playbook routes as OpenAPI shows them: bodies take the playbook document's JSON Schema
 * (what PUT validates with), answers the same schema with every section present.
 */
import { INSTANT } from '@continuum/contracts';
import { listOf, type JsonSchema } from '@continuum/platform';
import { PLAYBOOK_DOCUMENT_SCHEMA } from './playbook.schema';

/** What PUT takes: every section optional (omitted sections come from the default playbook). */
export const PLAYBOOK_BODY = PLAYBOOK_DOCUMENT_SCHEMA as unknown as JsonSchema;

export const PLAYBOOK_EXAMPLE = {
  feedbackRules: [
    {
      name: 'detractor',
      when: { nps: { max: 6 } },
      action: {
        title: 'Call {customer} back',
        description: '{evidence}',
        category: 'customer-follow-up',
        priority: 'high',
        slaHours: 24,
        escalation: ['care-lead'],
      },
    },
  ],
  verification: { cycles: 2 },
};

export const PLAYBOOK_YAML_EXAMPLE = `verification: { cycles: 1 }
rootCauses:
  requireOnResolve: true
  threshold: 2
  cycle: day
`;

const PLAYBOOK_STORED = {
  ...PLAYBOOK_DOCUMENT_SCHEMA,
  required: ['schema', 'defaultOwner', 'feedbackRules', 'gapRules', 'verification', 'rootCauses'],
  description: 'The complete playbook in force (omitted sections filled from the default).',
};

export const PLAYBOOK_VIEW: JsonSchema = {
  type: 'object',
  required: ['tenantId', 'version', 'format', 'createdAt', 'playbook'],
  additionalProperties: false,
  properties: {
    tenantId: { type: 'string' },
    version: { type: 'integer', minimum: 0, description: '0: the built-in default.' },
    format: { enum: ['json', 'yaml'], description: 'How it was sent.' },
    createdAt: INSTANT,
    playbook: PLAYBOOK_STORED,
  },
};

export const PLAYBOOK_VIEW_EXAMPLE = {
  tenantId: 'acme',
  version: 2,
  format: 'json',
  createdAt: '2026-03-02T09:00:00.000Z',
  playbook: {
    schema: 'continuum.playbook/v1',
    defaultOwner: 'customer-care',
    feedbackRules: PLAYBOOK_EXAMPLE.feedbackRules,
    gapRules: [],
    verification: { cycles: 2, alpha: 0.05, minSample: 30 },
    rootCauses: {
      taxonomy: [{ id: 'billing-error', label: 'Billing error', category: 'process' }],
      requireOnResolve: false,
      threshold: 5,
      cycle: 'week',
      timeZone: 'Europe/Rome',
      action: {
        title: 'Fix {rootCause} at {stage}',
        description: '{count} follow-ups',
        priority: 'high',
        slaHours: 72,
        escalation: [],
      },
    },
  },
};

export const PLAYBOOK_VERSIONS: JsonSchema = listOf({
  type: 'object',
  required: ['version', 'format', 'createdAt'],
  additionalProperties: false,
  properties: {
    version: { type: 'integer', minimum: 1 },
    format: { enum: ['json', 'yaml'] },
    createdAt: INSTANT,
  },
});
