import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxHeadersAsJson, outboxHeadersAsJsonb } from '@continuum/persistence';

/** The outbox's headers as `json`: stored and read back as they are, never parsed by a query. */
export class OutboxHeadersJson1764400000003 implements MigrationInterface {
  name = 'OutboxHeadersJson1764400000003';

  async up(q: QueryRunner): Promise<void> {
    await outboxHeadersAsJson(q, 'act');
  }

  async down(q: QueryRunner): Promise<void> {
    await outboxHeadersAsJsonb(q, 'act');
  }
}
