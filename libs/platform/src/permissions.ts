/**
 * The permission model, in one place and as data: what each key scope and each person's role may
 * do. Routes declare the one permission they need (`Requires`); the guard looks the caller up in
 * this table. Pure: no I/O, no Nest.
 */
import type { KeyScope } from '@continuum/persistence';

export type Role = 'viewer' | 'agent' | 'manager' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'agent', 'manager', 'admin'];

export type Permission =
  /** Send feedback, interactions, invitations, imports. */
  | 'ingest'
  /** Read indicators, gaps, drivers, actions, feedback and the tenant's settings. */
  | 'read'
  /** See customer ids and comments in what one reads (redacted otherwise). */
  | 'read:customers'
  /** Read webhook subscriptions, teams' notification channels and both delivery logs. */
  | 'read:webhooks'
  /** Work actions: acknowledge, resolve, reopen, add a note. */
  | 'act'
  /** Cancel an action. */
  | 'act:cancel'
  /** Change the journey, playbooks, webhooks, settings, keys and users; read the audit trail. */
  | 'admin'
  /** Post web-widget answers (collect's `/widget/v1/*`), from the key's allowed origins only. */
  | 'ingest:widget';
export const PERMISSIONS: readonly Permission[] = [
  'ingest',
  'read',
  'read:customers',
  'read:webhooks',
  'act',
  'act:cancel',
  'admin',
  'ingest:widget',
];

/** How far a grant reaches: every resource of the tenant, or only the caller's teams' actions. */
export type Reach = 'all' | 'own-teams';

type Grants = Readonly<Partial<Record<Permission, Reach>>>;
// Widget answers come through a publishable key alone: a secret key must never sit in a web page.
const ALL: Grants = Object.fromEntries(
  PERMISSIONS.filter((p) => p !== 'ingest:widget').map((p) => [p, 'all']),
);

/** What each API key scope grants. A key's grants are the union of its scopes'. */
export const SCOPE_GRANTS: Readonly<Record<KeyScope, Grants>> = {
  ingest: { ingest: 'all' },
  read: { read: 'all', 'read:customers': 'all', 'read:webhooks': 'all' },
  act: { act: 'all', 'act:cancel': 'all' },
  admin: ALL,
  'ingest:widget': { 'ingest:widget': 'all' },
};

/** What each role grants. A person's grants are the union of their roles'. */
export const ROLE_GRANTS: Readonly<Record<Role, Grants>> = {
  viewer: { read: 'all' },
  agent: { read: 'all', 'read:customers': 'all', act: 'own-teams' },
  manager: {
    read: 'all',
    'read:customers': 'all',
    'read:webhooks': 'all',
    act: 'all',
    'act:cancel': 'all',
  },
  admin: ALL,
};

/** The key scope that grants a permission, as routes document it (the narrowest one). */
export function scopeFor(p: Permission): KeyScope {
  const order: readonly KeyScope[] = ['ingest', 'read', 'act', 'admin', 'ingest:widget'];
  return order.find((s) => SCOPE_GRANTS[s][p] !== undefined) ?? 'admin';
}

/** The roles that grant a permission (with any reach). */
export function rolesFor(p: Permission): Role[] {
  return ROLES.filter((r) => ROLE_GRANTS[r][p] !== undefined);
}

/** The union of grants, the wider reach winning. */
function union(grants: readonly Grants[]): Map<Permission, Reach> {
  const out = new Map<Permission, Reach>();
  for (const g of grants)
    for (const [p, reach] of Object.entries(g) as [Permission, Reach][])
      if (out.get(p) !== 'all') out.set(p, reach);
  return out;
}

export function grantsOfScopes(scopes: readonly KeyScope[]): Map<Permission, Reach> {
  return union(scopes.map((s) => SCOPE_GRANTS[s] ?? {}));
}

export function grantsOfRoles(roles: readonly Role[]): Map<Permission, Reach> {
  return union(roles.map((r) => ROLE_GRANTS[r] ?? {}));
}

/**
 * May a caller with these grants (and teams) act on a resource owned by `owner`? `all` reaches
 * everything; `own-teams` only what one of the caller's teams owns.
 */
export function reaches(reach: Reach | undefined, teams: readonly string[], owner: string | null): boolean {
  if (reach === 'all') return true;
  if (reach === 'own-teams') return owner !== null && teams.includes(owner);
  return false;
}
