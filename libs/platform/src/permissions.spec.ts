import {
  grantsOfRoles,
  grantsOfScopes,
  PERMISSIONS,
  reaches,
  rolesFor,
  ROLE_GRANTS,
  SCOPE_GRANTS,
  scopeFor,
  type Permission,
} from './permissions';

const has = (g: Map<Permission, unknown>) => PERMISSIONS.filter((p) => g.has(p));

describe('the permission table', () => {
  it('gives each key scope exactly its permissions', () => {
    expect(has(grantsOfScopes(['ingest']))).toEqual(['ingest']);
    expect(has(grantsOfScopes(['read']))).toEqual(['read', 'read:customers', 'read:webhooks']);
    expect(has(grantsOfScopes(['act']))).toEqual(['act', 'act:cancel']);
    expect(has(grantsOfScopes(['admin']))).toEqual(PERMISSIONS.filter((p) => p !== 'ingest:widget'));
    expect(has(grantsOfScopes(['ingest:widget']))).toEqual(['ingest:widget']);
    expect(has(grantsOfScopes([]))).toEqual([]);
  });

  it('a publishable widget key reads nothing and sends nothing but widget answers; no role posts them', () => {
    for (const p of PERMISSIONS.filter((x) => x !== 'ingest:widget'))
      expect({ p, granted: grantsOfScopes(['ingest:widget']).has(p) }).toEqual({ p, granted: false });
    expect(scopeFor('ingest:widget')).toBe('ingest:widget');
    expect(rolesFor('ingest:widget')).toEqual([]);
  });

  it('an ingest key reads nothing; an act key works actions and reads nothing', () => {
    for (const read of ['read', 'read:customers', 'read:webhooks', 'admin'] as const) {
      expect(grantsOfScopes(['ingest']).has(read)).toBe(false);
      expect(grantsOfScopes(['act']).has(read)).toBe(false);
    }
  });

  it('gives each role its permissions, agents only for their teams', () => {
    expect(Object.fromEntries(grantsOfRoles(['viewer']))).toEqual({ read: 'all' });
    expect(Object.fromEntries(grantsOfRoles(['agent']))).toEqual({
      read: 'all',
      'read:customers': 'all',
      act: 'own-teams',
    });
    expect(has(grantsOfRoles(['manager']))).toEqual([
      'read',
      'read:customers',
      'read:webhooks',
      'act',
      'act:cancel',
    ]);
    expect(grantsOfRoles(['manager']).get('act')).toBe('all');
    expect(has(grantsOfRoles(['admin']))).toEqual(PERMISSIONS.filter((p) => p !== 'ingest:widget'));
    expect(has(grantsOfRoles([]))).toEqual([]);
  });

  it('unites several roles, the wider reach winning whatever the order', () => {
    expect(grantsOfRoles(['agent', 'manager']).get('act')).toBe('all');
    expect(grantsOfRoles(['manager', 'agent']).get('act')).toBe('all');
    // A viewer who is also an agent sees customer data.
    expect(grantsOfRoles(['viewer', 'agent']).has('read:customers')).toBe(true);
    expect(grantsOfRoles(['viewer']).has('read:customers')).toBe(false);
  });

  it('reaches a team-owned action only with a reach that covers it', () => {
    expect(reaches('all', [], 'billing')).toBe(true);
    expect(reaches('all', [], null)).toBe(true);
    expect(reaches('own-teams', ['logistics'], 'logistics')).toBe(true);
    expect(reaches('own-teams', ['logistics'], 'billing')).toBe(false);
    expect(reaches('own-teams', ['logistics'], null)).toBe(false);
    expect(reaches(undefined, ['logistics'], 'logistics')).toBe(false);
  });

  it('names the narrowest key scope and the roles granting each permission', () => {
    expect(PERMISSIONS.map((p) => [p, scopeFor(p)])).toEqual([
      ['ingest', 'ingest'],
      ['read', 'read'],
      ['read:customers', 'read'],
      ['read:webhooks', 'read'],
      ['act', 'act'],
      ['act:cancel', 'act'],
      ['admin', 'admin'],
      ['ingest:widget', 'ingest:widget'],
    ]);
    expect(rolesFor('admin')).toEqual(['admin']);
    expect(rolesFor('act')).toEqual(['agent', 'manager', 'admin']);
    expect(rolesFor('ingest')).toEqual(['admin']);
    expect(rolesFor('read')).toEqual(['viewer', 'agent', 'manager', 'admin']);
  });

  it('grants only permissions that exist', () => {
    for (const g of [...Object.values(SCOPE_GRANTS), ...Object.values(ROLE_GRANTS)])
      for (const p of Object.keys(g)) expect(PERMISSIONS).toContain(p);
  });
});
