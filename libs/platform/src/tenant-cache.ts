/**
 * Per-tenant settings read on hot paths (journey, taxonomy): kept briefly so a batch costs at
 * most one query for the tenants it misses. `ttlMs` bounds how long an instance may use a value
 * another instance replaced; the instance that replaced it calls `forget`.
 */
export class TenantCache<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly load: (tenantIds: readonly string[]) => Promise<Map<string, T>>,
    private readonly fallback: T,
    private readonly ttlMs = 5_000,
  ) {}

  async getMany(tenantIds: Iterable<string>): Promise<Map<string, T>> {
    const now = Date.now();
    const out = new Map<string, T>();
    const misses: string[] = [];
    for (const t of new Set(tenantIds)) {
      const hit = this.entries.get(t);
      if (hit && hit.until > now) out.set(t, hit.value);
      else misses.push(t);
    }
    if (misses.length > 0) {
      const found = await this.load(misses);
      if (this.entries.size > 10_000) this.entries.clear();
      for (const t of misses) {
        const value = found.get(t) ?? this.fallback;
        this.entries.set(t, { value, until: now + this.ttlMs });
        out.set(t, value);
      }
    }
    return out;
  }

  forget(tenantId: string): void {
    this.entries.delete(tenantId);
  }
}
