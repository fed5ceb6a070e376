/**
 * The tenant's theme taxonomy: the keyword rules that tag comments (delivery, billing, waiting
 * time…). Tenants edit it; the default ships in libs/text. Taxonomy objects are kept stable per
 * tenant so libs/text compiles each one once.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantCache, ValidationProblem } from '@continuum/platform';
import { schemaProblems, TAXONOMY_SCHEMA, type FieldProblem } from '@continuum/contracts';
import { DEFAULT_TAXONOMY, taxonomyProblems, type ThemeTaxonomy } from '@continuum/text';

/**
 * A taxonomy's problems: its JSON Schema first, then what the text analytics check (keywords) —
 * those too when the shape is wrong but still readable, so one answer names every problem.
 */
export function validateTaxonomy(body: unknown): FieldProblem[] {
  const shape = schemaProblems(TAXONOMY_SCHEMA, body);
  if (shape.length === 0) return taxonomyProblems(body as ThemeTaxonomy);
  let keywords: FieldProblem[] = [];
  try {
    keywords = taxonomyProblems(body as ThemeTaxonomy);
  } catch {
    // Too broken to read its keywords (e.g. a theme that is not an object): the shape says why.
  }
  return [...shape, ...keywords.filter((k) => !shape.some((s) => k.field.startsWith(s.field)))];
}

@Injectable()
export class ThemesService {
  private readonly cache = new TenantCache<ThemeTaxonomy>(async (ids) => {
    const rows: { tenant_id: string; taxonomy: ThemeTaxonomy }[] = await this.ds.query(
      `SELECT tenant_id, taxonomy FROM listen.taxonomies WHERE tenant_id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.tenant_id, r.taxonomy]));
  }, DEFAULT_TAXONOMY);

  constructor(private readonly ds: DataSource) {}

  taxonomies(tenantIds: Iterable<string>): Promise<Map<string, ThemeTaxonomy>> {
    return this.cache.getMany(tenantIds);
  }

  async get(tenantId: string): Promise<ThemeTaxonomy & { default: boolean }> {
    const t = (await this.cache.getMany([tenantId])).get(tenantId)!;
    return { ...t, default: t === DEFAULT_TAXONOMY };
  }

  async put(tenantId: string, body: unknown): Promise<ThemeTaxonomy & { default: boolean }> {
    const problems = validateTaxonomy(body);
    if (problems.length > 0) throw new ValidationProblem(problems);
    const taxonomy = body as ThemeTaxonomy;
    await this.ds.query(
      `INSERT INTO listen.taxonomies (tenant_id, taxonomy) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET taxonomy = EXCLUDED.taxonomy, updated_at = now()`,
      [tenantId, JSON.stringify({ themes: taxonomy.themes })],
    );
    this.cache.forget(tenantId);
    return { themes: taxonomy.themes, default: false };
  }
}
