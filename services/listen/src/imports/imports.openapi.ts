/** The CSV import routes as OpenAPI shows them. */
import { INSTANT } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';

const ROW_REJECTION = {
  type: 'object',
  required: ['line', 'id', 'errors'],
  additionalProperties: false,
  properties: {
    line: { type: 'integer', minimum: 1, description: 'Line of the file where the row starts (header: 1).' },
    id: { type: ['string', 'null'], description: "The row's `id` cell, when it has one." },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};
export const IMPORT_REPORT: JsonSchema = {
  type: 'object',
  required: [
    'id',
    'kind',
    'status',
    'bytesRead',
    'rowsRead',
    'accepted',
    'duplicates',
    'rejected',
    'rejections',
    'error',
    'startedAt',
    'updatedAt',
    'finishedAt',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    kind: { enum: ['feedback', 'interactions'] },
    status: { enum: ['running', 'completed', 'failed', 'interrupted'] },
    bytesRead: { type: 'integer', minimum: 0 },
    rowsRead: { type: 'integer', minimum: 0 },
    accepted: { type: 'integer', minimum: 0 },
    duplicates: { type: 'integer', minimum: 0 },
    rejected: { type: 'integer', minimum: 0 },
    rejections: {
      type: 'array',
      items: ROW_REJECTION,
      description: 'The first rejections; `rejected` counts all.',
    },
    error: { type: ['string', 'null'] },
    startedAt: INSTANT,
    updatedAt: INSTANT,
    finishedAt: { ...INSTANT, type: ['string', 'null'] },
  },
};
export const IMPORT_REPORT_EXAMPLE = {
  id: 'import-2026-03',
  kind: 'feedback',
  status: 'completed',
  bytesRead: 18234,
  rowsRead: 250,
  accepted: 248,
  duplicates: 1,
  rejected: 1,
  rejections: [
    { line: 17, id: 'f-16', errors: [{ field: 'nps', reason: 'nps must not be greater than 10' }] },
  ],
  error: null,
  startedAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:01.200Z',
  finishedAt: '2026-03-02T09:00:01.200Z',
};
