import { outboxHeadersJsonMigration } from '@continuum/persistence';

/** The outbox's headers as `json`: stored and read back as they are, never parsed by a query. */
export const OutboxHeadersJson1764400000003 = outboxHeadersJsonMigration(
  'OutboxHeadersJson1764400000003',
  'act',
);
