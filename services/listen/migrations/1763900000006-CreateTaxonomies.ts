import { perTenantTable, sqlMigration } from '@continuum/persistence';

export const CreateTaxonomies1763900000006 = sqlMigration('CreateTaxonomies1763900000006', {
  up: [perTenantTable('listen.taxonomies', ['taxonomy jsonb NOT NULL'])],
  down: [`DROP TABLE listen.taxonomies`],
});
