import { perTenantTable, sqlMigration } from '@continuum/persistence';

export const CreateJourneys1763900000004 = sqlMigration('CreateJourneys1763900000004', {
  up: [perTenantTable('listen.journeys', ['version integer NOT NULL', 'journey jsonb NOT NULL'])],
  down: [`DROP TABLE listen.journeys`],
});
