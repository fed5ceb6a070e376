import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropClaimsAgeIndex, indexClaimsByAge } from '@continuum/persistence';

/** A BRIN index on the claims' age, so that old claims are pruned without scanning the table. */
export class ClaimsByAge1764500000003 implements MigrationInterface {
  name = 'ClaimsByAge1764500000003';

  async up(q: QueryRunner): Promise<void> {
    await indexClaimsByAge(q, 'act');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropClaimsAgeIndex(q, 'act');
  }
}
