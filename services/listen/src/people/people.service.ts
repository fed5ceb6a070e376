/**
 * The tenant's people and machines: its user directory (roles and teams), its API keys and its
 * audit trail, all in the shared `tenancy` schema. Every change is audited in its own transaction.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NewKeyDto, UserDto } from '@continuum/contracts';
import {
  listAudit,
  recordAudit,
  TenantDirectory,
  type AuditActor,
  type AuditQuery,
  type AuditRecord,
  type DirectoryUser,
  type KeyInfo,
  type KeyScope,
  WIDGET_SCOPE,
} from '@continuum/persistence';
import { ValidationProblem } from '@continuum/platform';
import { JourneyService } from '../journey/journey.service';

@Injectable()
export class PeopleService {
  constructor(
    private readonly ds: DataSource,
    private readonly tenants: TenantDirectory,
    private readonly journeys: JourneyService,
  ) {}

  listUsers(tenantId: string): Promise<DirectoryUser[]> {
    return this.tenants.listUsers(tenantId);
  }

  async putUser(tenantId: string, actor: AuditActor, body: UserDto): Promise<DirectoryUser> {
    if (!body.subject && !body.email)
      throw new ValidationProblem([{ field: 'subject', reason: 'give subject, email or both' }]);
    await this.checkTeams(tenantId, body.teams);
    const user = {
      subject: body.subject ?? null,
      email: body.email ?? null,
      name: body.name ?? null,
      roles: [...new Set(body.roles)],
      teams: [...new Set(body.teams)],
    };
    return this.ds.transaction(async (m) => {
      const saved = await this.tenants.putUser(m, tenantId, user);
      await recordAudit(m, tenantId, actor, [
        {
          action: 'put',
          resource: 'user',
          resourceId: user.subject ?? user.email,
          detail: { roles: user.roles, teams: user.teams },
        },
      ]);
      return saved;
    });
  }

  /** Teams must be teams of the tenant's journey map, when it has one. */
  private async checkTeams(tenantId: string, teams: readonly string[]): Promise<void> {
    const j = (await this.journeys.indexes([tenantId])).get(tenantId)?.journey;
    if (!j) return;
    const known = new Set<string>([
      ...(j.teams ?? []).map((t) => t.name),
      ...j.stages.flatMap((s) => (s.owner ? [s.owner] : [])),
      ...j.touchpoints.flatMap((t) => (t.owner ? [t.owner] : [])),
    ]);
    const unknown = teams.filter((t) => !known.has(t));
    if (unknown.length > 0)
      throw new ValidationProblem(
        unknown.map((t) => ({ field: 'teams', reason: `"${t}" is not a team of the journey map` })),
      );
  }

  async issueKey(tenantId: string, actor: AuditActor, body: NewKeyDto) {
    const scopes = [...new Set(body.scopes)] as KeyScope[];
    const name = body.name ?? null;
    const widget = scopes.includes(WIDGET_SCOPE);
    const origins = widget ? [...new Set(body.origins ?? [])] : null;
    if (widget && scopes.length > 1)
      throw new ValidationProblem([
        { field: 'scopes', reason: 'ingest:widget makes a publishable key: it takes no other scope' },
      ]);
    if (widget && !origins?.length)
      throw new ValidationProblem([
        { field: 'origins', reason: 'a widget key needs the origins it may be used from' },
      ]);
    if (!widget && body.origins !== undefined)
      throw new ValidationProblem([
        { field: 'origins', reason: 'only a widget key (ingest:widget) has origins' },
      ]);
    return this.ds.transaction(async (m) => {
      const issued = await this.tenants.issueKey(tenantId, scopes, {
        m,
        name,
        createdBy: actor.name,
        ...(origins ? { origins } : {}),
      });
      await recordAudit(m, tenantId, actor, [
        {
          action: 'create',
          resource: 'key',
          resourceId: issued.prefix,
          detail: { scopes, name, ...(origins ? { origins } : {}) },
        },
      ]);
      return { key: issued.key, prefix: issued.prefix, scopes, name, origins };
    });
  }

  /** Revokes a key of the tenant; false when it has no such live key. */
  async revokeKey(tenantId: string, actor: AuditActor, prefix: string): Promise<boolean> {
    const n = await this.ds.transaction(async (m) => {
      const revoked = await this.tenants.revokeIn(m, prefix, tenantId);
      if (revoked > 0)
        await recordAudit(m, tenantId, actor, [{ action: 'revoke', resource: 'key', resourceId: prefix }]);
      return revoked;
    });
    this.tenants.forget(prefix);
    return n > 0;
  }

  listKeys(tenantId: string): Promise<KeyInfo[]> {
    return this.tenants.listKeys(tenantId);
  }

  audit(tenantId: string, q: AuditQuery): Promise<AuditRecord[]> {
    return listAudit(this.ds, tenantId, q);
  }
}
