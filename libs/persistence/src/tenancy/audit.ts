/**
 * The audit trail (`tenancy.audit`): who changed what, when and from which address. Every service
 * writes its records with `recordAudit` in the transaction of the change itself, so a change and
 * its record commit together or not at all. Who is the authenticated caller, never a request body.
 */

/** Who made a change: a signed-in person, an API key, or Continuum itself. */
export interface AuditActor {
  readonly kind: 'user' | 'key' | 'system';
  /** The person's subject (`sub`) at the identity provider. */
  readonly subject: string | null;
  /** The person's display name, the key's prefix, or `continuum`. */
  readonly name: string;
  readonly keyPrefix: string | null;
  readonly ip: string | null;
}

export interface AuditEntry {
  /** What was done: `put`, `create`, `delete`, `revoke`, `acknowledge`, `resolve`, `note`… */
  readonly action: string;
  /** What it was done to: `journey`, `playbook`, `webhook`, `key`, `user`, `action`… */
  readonly resource: string;
  readonly resourceId: string | null;
  readonly detail?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: Omit<AuditActor, 'ip'>;
  readonly ip: string | null;
}

interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

export async function recordAudit(
  m: Queryable,
  tenantId: string,
  actor: AuditActor,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await m.query(
    `INSERT INTO tenancy.audit (tenant_id, actor_kind, actor_subject, actor_name, key_prefix, client_ip,
       action, resource, resource_id, detail)
     SELECT $1, $2, $3, $4, $5, $6, e.action, e.resource, e.resource_id, e.detail
     FROM unnest($7::text[], $8::text[], $9::text[], $10::jsonb[]) AS e(action, resource, resource_id, detail)`,
    [
      tenantId,
      actor.kind,
      actor.subject,
      actor.name,
      actor.keyPrefix,
      actor.ip,
      entries.map((e) => e.action),
      entries.map((e) => e.resource),
      entries.map((e) => e.resourceId),
      entries.map((e) => (e.detail ? JSON.stringify(e.detail) : null)),
    ],
  );
}

export interface AuditQuery {
  readonly since: Date;
  /** The id of the last record already seen (the cursor of `next`). */
  readonly after: string | null;
  readonly resource: string | null;
  readonly limit: number;
}

/** A tenant's audit records at or after `since`, oldest first. */
export async function listAudit(m: Queryable, tenantId: string, q: AuditQuery): Promise<AuditRecord[]> {
  const rows = await m.query<
    {
      id: string;
      at: Date;
      actor_kind: AuditActor['kind'];
      actor_subject: string | null;
      actor_name: string;
      key_prefix: string | null;
      client_ip: string | null;
      action: string;
      resource: string;
      resource_id: string | null;
      detail: Record<string, unknown> | null;
    }[]
  >(
    `SELECT * FROM tenancy.audit
     WHERE tenant_id = $1 AND at >= $2 AND ($3::text IS NULL OR resource = $3)
       AND ($4::bigint IS NULL OR (at, id) > ((SELECT at FROM tenancy.audit WHERE id = $4), $4))
     ORDER BY at, id LIMIT $5`,
    [tenantId, q.since, q.resource, q.after, q.limit],
  );
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    actor: { kind: r.actor_kind, subject: r.actor_subject, name: r.actor_name, keyPrefix: r.key_prefix },
    ip: r.client_ip,
    action: r.action,
    resource: r.resource,
    resourceId: r.resource_id,
    ...(r.detail ? { detail: r.detail } : {}),
  }));
}
