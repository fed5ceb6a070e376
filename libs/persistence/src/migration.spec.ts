import type { QueryRunner } from 'typeorm';
import { perTenantTable, sqlMigration } from './migration';

/** A query runner that records the statements it is given. */
function recorder(): { q: QueryRunner; ran: string[] } {
  const ran: string[] = [];
  const q = { query: (sql: string) => Promise.resolve(void ran.push(sql)) } as unknown as QueryRunner;
  return { q, ran };
}

describe(sqlMigration.name, () => {
  const Sut = sqlMigration('Example1765000000000', {
    up: ['CREATE a', 'CREATE b'],
    down: ['DROP b', 'DROP a'],
  });

  it('is a class TypeORM records by the given name', () => {
    expect(new Sut().name).toBe('Example1765000000000');
  });

  it('runs the up statements, then the down ones, each in the order given', async () => {
    const { q, ran } = recorder();
    const sut = new Sut();
    await sut.up(q);
    expect(ran).toEqual(['CREATE a', 'CREATE b']);
    await sut.down(q);
    expect(ran).toEqual(['CREATE a', 'CREATE b', 'DROP b', 'DROP a']);
  });
});

describe(perTenantTable.name, () => {
  it('puts the columns between the tenant id key and the time of the last change', () => {
    expect(perTenantTable('s.t', ['a jsonb NOT NULL', 'b integer']).replace(/\s+/g, ' ')).toBe(
      'CREATE TABLE s.t ( tenant_id text PRIMARY KEY, a jsonb NOT NULL, b integer, updated_at timestamptz NOT NULL DEFAULT now() )',
    );
  });
});
