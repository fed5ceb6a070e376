/**
 * Pseudonymised customer ids on topics (issue 20 item 2). Owns each tenant's secret key, the
 * tenant's choice of ids on topics, and the mapping from pseudonym back to customer id. Every
 * event listen publishes names a customer by `TopicIds.topicId`; every event it reads that names
 * one is brought back to the customer id by `toCustomerIds`. The key must never leave listen.
 */
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { compositeKey } from '@continuum/contracts';
import { recordAudit, type AuditActor } from '@continuum/persistence';
import { pseudonymOf, type TopicIdMode } from './pseudonym';
import { PseudonymsRepository, type PseudonymPair, type TenantKey } from './pseudonyms.repository';

/** How long another instance's change of a tenant's mode may take to reach this one. */
const MODE_TTL_MS = 5_000;
const KEY_BYTES = 32;

/** The ids of one batch's tenants: what events carry, and the pairs to remember with the rows. */
export class TopicIds {
  private readonly pairs = new Map<string, PseudonymPair>();

  constructor(private readonly keys: ReadonlyMap<string, TenantKey>) {}

  /** The customer's pseudonym, noted for `PseudonymsService.remember`. */
  pseudonym(tenantId: string, customerId: string): string {
    const pseudonym = this.compute(tenantId, customerId);
    this.pairs.set(compositeKey(tenantId, customerId), { tenantId, pseudonym, customerId });
    return pseudonym;
  }

  /** The customer's pseudonym, not noted (an id listen is only asked about). */
  compute(tenantId: string, customerId: string): string {
    const k = this.keys.get(tenantId);
    if (!k) throw new Error(`no pseudonym key loaded for tenant ${tenantId}`);
    return pseudonymOf(k.key, customerId);
  }

  mode(tenantId: string): TopicIdMode {
    const k = this.keys.get(tenantId);
    if (!k) throw new Error(`no pseudonym key loaded for tenant ${tenantId}`);
    return k.mode;
  }

  /** What the tenant's events carry for the customer: the pseudonym, or the id itself if it opted in. */
  topicId(tenantId: string, customerId: string): string {
    const pseudonym = this.pseudonym(tenantId, customerId);
    return this.mode(tenantId) === 'raw' ? customerId : pseudonym;
  }

  /** `topicId` of an optional customer. */
  topicIdOrNull(tenantId: string, customerId: string | null | undefined): string | null {
    return customerId == null ? null : this.topicId(tenantId, customerId);
  }

  /** Every customer named so far, for the mapping. */
  named(): PseudonymPair[] {
    return [...this.pairs.values()];
  }

  /** The tenant published raw ids at some time (its downstream copies may name raw ids). */
  rawEver(tenantId: string): boolean {
    return this.keys.get(tenantId)?.rawEver ?? false;
  }
}

@Injectable()
export class PseudonymsService {
  private readonly cache = new Map<string, { key: TenantKey; readAt: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly repo: PseudonymsRepository,
  ) {}

  /** The keys of these tenants (created on first use), cached; the mode is re-read after a few seconds. */
  async forTenants(tenantIds: Iterable<string>, now = Date.now()): Promise<TopicIds> {
    const out = new Map<string, TenantKey>();
    let missing: string[] = [];
    for (const t of new Set(tenantIds)) {
      const c = this.cache.get(t);
      if (c && now - c.readAt < MODE_TTL_MS) out.set(t, c.key);
      else missing.push(t);
    }
    // A key created concurrently by another instance may be invisible to the first statement.
    for (let attempt = 0; missing.length > 0 && attempt < 3; attempt++) {
      for (const k of await this.repo.keys(missing, () => randomBytes(KEY_BYTES))) {
        this.cache.set(k.tenantId, { key: k, readAt: now });
        out.set(k.tenantId, k);
      }
      missing = missing.filter((t) => !out.has(t));
    }
    if (missing.length > 0) throw new Error(`could not load the pseudonym keys of ${missing.join(', ')}`);
    return new TopicIds(out);
  }

  /** Writes the mapping of every customer `ids` named, in the caller's transaction (one statement). */
  remember(m: EntityManager, ids: TopicIds): Promise<void> {
    return this.repo.remember(m, ids.named());
  }

  /** The customer ids of a tenant's pseudonyms; null for one never seen or erased. */
  async resolve(tenantId: string, pseudonyms: readonly string[]): Promise<(string | null)[]> {
    const found = await this.repo.resolve(this.ds, tenantId, [...new Set(pseudonyms)]);
    return pseudonyms.map((p) => found.get(p) ?? null);
  }

  /** The pseudonyms of a tenant's customer ids (whether or not listen has seen them). */
  async pseudonyms(tenantId: string, customerIds: readonly string[]): Promise<string[]> {
    const ids = await this.forTenants([tenantId]);
    return customerIds.map((c) => ids.compute(tenantId, c));
  }

  /**
   * Customer ids as an event of another service names them (act's loop, collect's opt-out)
   * brought back to listen's: a pseudonym through the mapping, anything else as it is (a tenant
   * with raw ids on topics, or an event from before pseudonyms). An erased customer's pseudonym
   * stays as it is and so matches none of listen's rows.
   */
  async toCustomerIds(
    m: EntityManager | DataSource,
    tenantId: string,
    ids: readonly string[],
  ): Promise<Map<string, string>> {
    const found = await this.repo.resolve(m, tenantId, [...new Set(ids)]);
    return new Map(ids.map((id) => [id, found.get(id) ?? id]));
  }

  async mode(tenantId: string): Promise<TopicIdMode> {
    return (await this.forTenants([tenantId])).mode(tenantId);
  }

  async setMode(tenantId: string, mode: TopicIdMode, actor: AuditActor): Promise<TopicIdMode> {
    const k = await this.ds.transaction(async (m) => {
      const key = await this.repo.setMode(m, tenantId, mode, randomBytes(KEY_BYTES));
      await recordAudit(m, tenantId, actor, [
        { action: 'put', resource: 'topic-ids', resourceId: null, detail: { customerIdsOnTopics: key.mode } },
      ]);
      return key;
    });
    this.cache.set(tenantId, { key: k, readAt: Date.now() });
    return k.mode;
  }
}
