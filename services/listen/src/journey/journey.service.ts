/**
 * The Map step: a tenant's journey — stages, touchpoints, owners, targets, cycle — validated,
 * versioned, stored, and published on the compacted `cx.journey.v1` (through the outbox) so
 * measure and act hold the current map without calling listen.
 */
import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import {
  createEvent,
  JourneyDto,
  partitionKey,
  Topic,
  validatePayload,
  type JourneyV1,
} from '@continuum/contracts';
import { JourneyIndex, journeyProblems, toJourneyV1 } from '@continuum/journey';
import {
  enqueueOutbox,
  outboxRecord,
  recordAudit,
  TenantDirectory,
  type AuditActor,
} from '@continuum/persistence';
import { ProblemException, TenantCache, ValidationProblem } from '@continuum/platform';
import { ListenConfig } from '../listen.config';
import { JourneyRepository } from './journey.repository';

const SOURCE = '/continuum/listen';

@Injectable()
export class JourneyService implements OnApplicationBootstrap {
  private readonly logger = new Logger('journey');
  private readonly cache = new TenantCache<JourneyIndex | null>(async (ids) => {
    const found = await this.repo.findMany(ids);
    return new Map([...found].map(([t, j]) => [t, new JourneyIndex(j)]));
  }, null);

  constructor(
    private readonly ds: DataSource,
    private readonly repo: JourneyRepository,
    private readonly tenants: TenantDirectory,
    private readonly cfg: ListenConfig,
  ) {}

  /** Validates and stores a new version; an unchanged map keeps its version and publishes nothing. */
  async put(tenantId: string, body: unknown, actor?: AuditActor): Promise<JourneyV1> {
    const v = validatePayload(JourneyDto, body);
    if (!v.ok) throw new ValidationProblem(v.problems);
    const problems = journeyProblems(v.value);
    if (problems.length > 0) throw new ValidationProblem(problems);
    const saved = await this.ds.transaction(async (m) => {
      const current = await this.repo.lockCurrent(m, tenantId);
      const version = (current?.version ?? 0) + 1;
      const journey = toJourneyV1(tenantId, version, v.value);
      if (current && sameMap(current, journey)) return current;
      await this.repo.save(m, journey);
      if (actor)
        await recordAudit(m, tenantId, actor, [
          { action: 'put', resource: 'journey', resourceId: String(version), detail: { version } },
        ]);
      await enqueueOutbox(m, 'listen', [
        outboxRecord(
          Topic.Journey,
          partitionKey(tenantId),
          createEvent({
            type: Topic.Journey,
            source: SOURCE,
            tenantId,
            subject: String(version),
            data: journey,
          }),
        ),
      ]);
      return journey;
    });
    this.cache.forget(tenantId);
    return saved;
  }

  async get(tenantId: string): Promise<JourneyV1> {
    const j = await this.repo.find(tenantId);
    if (!j)
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'Not found',
        'this tenant has no journey yet: PUT /v1/journey',
      );
    return j;
  }

  /** Indexed journeys of the given tenants (null: none), from a short-lived cache. */
  indexes(tenantIds: Iterable<string>): Promise<Map<string, JourneyIndex | null>> {
    return this.cache.getMany(tenantIds);
  }

  /** `LISTEN_JOURNEY_FILES=tenant=path.yaml,…`: maps loaded at start-up (tenants must exist). */
  async onApplicationBootstrap(): Promise<void> {
    for (const entry of this.cfg.LISTEN_JOURNEY_FILES?.split(',').filter(Boolean) ?? []) {
      const [tenantId, file] = entry.split('=');
      if (!tenantId || !file) throw new Error(`LISTEN_JOURNEY_FILES entry "${entry}" must be tenant=path`);
      if (!(await this.tenants.tenantExists(tenantId))) {
        this.logger.warn(`journey file ${file}: no tenant ${tenantId}; skipped`);
        continue;
      }
      const j = await this.put(tenantId, parseYaml(readFileSync(file, 'utf8')));
      this.logger.log(`journey of ${tenantId} from ${file}: version ${j.version}`);
    }
  }
}

/** Same content, whatever the key order (jsonb does not keep it). */
function sameMap(a: JourneyV1, b: JourneyV1): boolean {
  return canonical({ ...a, version: 0 }) === canonical({ ...b, version: 0 });
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
