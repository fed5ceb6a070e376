import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropClaimsAgeIndex, indexClaimsByAge } from '@continuum/persistence';

/** A BRIN index on the claims' age, so that old claims are pruned without scanning the table. */
export class ClaimsByAge1764500000002 implements MigrationInterface {
  name = 'ClaimsByAge1764500000002';

  async up(q: QueryRunner): Promise<void> {
    await indexClaimsByAge(q, 'measure');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropClaimsAgeIndex(q, 'measure');
  }
}
