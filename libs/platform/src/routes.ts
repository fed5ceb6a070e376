/**
 * The HTTP routes a module tree registers, read from the same Nest metadata the router reads
 * (controller and handler paths, request methods), with who may call each: public, or the
 * permission it requires (and the key scope and roles that grant it). Tests compare this list with
 * what they cover, so an endpoint added without tests fails them; it never touches a database or a socket.
 */
import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { KeyScope } from '@continuum/persistence';
import { PERMISSION_METADATA, PUBLIC_METADATA } from './auth';
import { rolesFor, scopeFor, type Permission, type Role } from './permissions';

export interface RouteInfo {
  /** `GET`, `POST`, … */
  readonly method: string;
  /** Nest's pattern, e.g. `/v1/actions/:id/:command`. */
  readonly path: string;
  readonly controller: string;
  readonly handler: string;
  /** Answers without an API key. */
  readonly public: boolean;
  /** The permission the route needs (`read` when not declared); null on public routes. */
  readonly permission: Permission | null;
  /** The narrowest key scope granting it; null on public routes. */
  readonly scope: KeyScope | null;
  /** The roles granting it (some only for their teams' resources); empty on public routes. */
  readonly roles: readonly Role[];
}

type ModuleRef = Type<unknown> | DynamicModule | Promise<DynamicModule> | { forwardRef: () => unknown };

const asList = (v: unknown): string[] =>
  v === undefined
    ? ['']
    : (Array.isArray(v) ? (v as unknown[]) : [v]).map((p) => (typeof p === 'string' ? p : ''));

function join(...parts: string[]): string {
  const p = parts
    .flatMap((s) => s.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${p}`;
}

function controllersOf(root: ModuleRef): Type<unknown>[] {
  const seen = new Set<unknown>();
  const found = new Set<Type<unknown>>();
  const visit = (m: ModuleRef | undefined): void => {
    if (!m || seen.has(m)) return;
    if (m instanceof Promise) throw new Error('routesOf: asynchronous dynamic modules are not supported');
    if ('forwardRef' in m && typeof m.forwardRef === 'function') return visit(m.forwardRef() as ModuleRef);
    seen.add(m);
    const dyn = 'module' in m ? m : null;
    const cls = (dyn ? dyn.module : m) as Type<unknown>;
    const meta = <T>(key: string): T[] => (Reflect.getMetadata(key, cls) as T[] | undefined) ?? [];
    for (const c of [...meta<Type<unknown>>(MODULE_METADATA.CONTROLLERS), ...(dyn?.controllers ?? [])])
      found.add(c);
    for (const i of [...meta<ModuleRef>(MODULE_METADATA.IMPORTS), ...((dyn?.imports ?? []) as ModuleRef[])])
      visit(i);
  };
  visit(root);
  return [...found];
}

/** Every route of `root`'s module tree, sorted by path then method. */
export function routesOf(root: Type<unknown> | DynamicModule): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const ctrl of controllersOf(root)) {
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, ctrl));
    const proto = ctrl.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor') continue;
      const handler = proto[name];
      if (typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
      if (method === undefined || paths === undefined) continue;
      const isPublic =
        (Reflect.getMetadata(PUBLIC_METADATA, handler) as boolean | undefined) ??
        (Reflect.getMetadata(PUBLIC_METADATA, ctrl) as boolean | undefined) ??
        false;
      const permission =
        (Reflect.getMetadata(PERMISSION_METADATA, handler) as Permission | undefined) ??
        (Reflect.getMetadata(PERMISSION_METADATA, ctrl) as Permission | undefined) ??
        'read';
      for (const prefix of prefixes)
        for (const p of asList(paths)) {
          routes.push({
            method: RequestMethod[method],
            path: join(prefix, p),
            controller: ctrl.name,
            handler: name,
            public: isPublic,
            permission: isPublic ? null : permission,
            scope: isPublic ? null : scopeFor(permission),
            roles: isPublic ? [] : rolesFor(permission),
          });
        }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
