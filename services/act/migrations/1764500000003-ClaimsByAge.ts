import { claimsByAgeMigration } from '@continuum/persistence';

/** A BRIN index on the claims' age, so that old claims are pruned without scanning the table. */
export const ClaimsByAge1764500000003 = claimsByAgeMigration('ClaimsByAge1764500000003', 'act');
