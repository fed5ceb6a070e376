/**
 * The cached reader of tenants' journey settings. Entries live `MEASURE_JOURNEY_CACHE_MS`, so
 * every instance sees a new journey within that time; the instance that stored it, at once.
 */
import { Injectable } from '@nestjs/common';
import { MeasureConfig } from '../measure.config';
import { JourneyRepository } from './journey.repository';
import { defaultSettings, settingsFromJourney, type TenantSettings } from './journey.settings';

@Injectable()
export class JourneyDirectory {
  private readonly cache = new Map<string, { settings: TenantSettings; until: number }>();

  constructor(
    private readonly repo: JourneyRepository,
    private readonly cfg: MeasureConfig,
  ) {}

  async settings(tenantId: string): Promise<TenantSettings> {
    return (await this.many([tenantId])).get(tenantId)!;
  }

  /** Settings of every tenant asked for, reading the missing ones in one query. */
  async many(tenantIds: Iterable<string>): Promise<Map<string, TenantSettings>> {
    const now = Date.now();
    const out = new Map<string, TenantSettings>();
    const missing: string[] = [];
    for (const id of new Set(tenantIds)) {
      const hit = this.cache.get(id);
      if (hit && hit.until > now) out.set(id, hit.settings);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const found = new Map((await this.repo.find(missing)).map((j) => [j.tenantId, j]));
      const until = now + this.cfg.MEASURE_JOURNEY_CACHE_MS;
      for (const id of missing) {
        const j = found.get(id);
        const settings = j ? settingsFromJourney(j) : defaultSettings(id);
        this.cache.set(id, { settings, until });
        out.set(id, settings);
      }
    }
    return out;
  }

  forget(tenantIds: Iterable<string>): void {
    for (const id of tenantIds) this.cache.delete(id);
  }
}
