import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@continuum/persistence';

export class CreateMeasure1763900000002 implements MigrationInterface {
  name = 'CreateMeasure1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await createMessagingTables(q, 'measure');
    // Mergeable state: counts per score value per cell; for continuous measures, exact integer sums
    // on a fixed grid (value × scale, see libs/indicators), so merges never depend on order.
    await q.query(`CREATE TABLE measure.score_counts (
      tenant_id text NOT NULL,
      scope_kind text NOT NULL,
      scope_id text NOT NULL,
      cycle_length text NOT NULL,
      cycle_start timestamptz NOT NULL,
      metric text NOT NULL,
      score smallint NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (tenant_id, scope_kind, scope_id, cycle_length, cycle_start, metric, score)
    )`);
    await q.query(`CREATE TABLE measure.moments (
      tenant_id text NOT NULL,
      scope_kind text NOT NULL,
      scope_id text NOT NULL,
      cycle_length text NOT NULL,
      cycle_start timestamptz NOT NULL,
      metric text NOT NULL,
      scale integer NOT NULL,
      n bigint NOT NULL,
      sum bigint NOT NULL,
      sum_sq bigint NOT NULL,
      min bigint,
      max bigint,
      PRIMARY KEY (tenant_id, scope_kind, scope_id, cycle_length, cycle_start, metric)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE measure.moments`);
    await q.query(`DROP TABLE measure.score_counts`);
    await dropMessagingTables(q, 'measure');
  }
}
