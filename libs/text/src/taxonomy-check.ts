/**
 * What a tenant's taxonomy needs beyond its JSON Schema (TAXONOMY_SCHEMA in libs/contracts,
 * which listen applies first): keywords that compile to something matchable, no theme id twice,
 * no two keywords of a theme with the same stems, and at least one usable keyword per theme.
 * Each problem names its field (`themes.1.keywords.it.2`) and the reason. Pure.
 */
import { compileKeyword, type ThemeTaxonomy } from './themes';
import type { TextLang } from './tokenize';

export interface TaxonomyProblem {
  readonly field: string;
  readonly reason: string;
}

export function taxonomyProblems(t: ThemeTaxonomy): TaxonomyProblem[] {
  const out: TaxonomyProblem[] = [];
  const seen = new Map<string, number>();
  t.themes.forEach((theme, i) => {
    const at = `themes.${i}`;
    const first = seen.get(theme.id);
    if (first !== undefined)
      out.push({ field: `${at}.id`, reason: `theme "${theme.id}" duplicates the id of theme ${first}` });
    else seen.set(theme.id, i);
    let usable = 0;
    for (const lang of ['it', 'en'] as const satisfies readonly TextLang[]) {
      const forms = new Map<string, string>();
      (theme.keywords[lang] ?? []).forEach((k, j) => {
        const field = `${at}.keywords.${lang}.${j}`;
        const c = compileKeyword(k, lang);
        if (typeof c === 'string') {
          out.push({ field, reason: `keyword "${k}" ${c}` });
          return;
        }
        usable++;
        const form = c.parts.map((p) => ('stem' in p ? p.stem : `${p.prefix}*`)).join(' ');
        const dup = forms.get(form);
        if (dup !== undefined) out.push({ field, reason: `keyword "${k}" duplicates "${dup}" (same stems)` });
        else forms.set(form, k);
      });
    }
    if (usable === 0)
      out.push({
        field: `${at}.keywords`,
        reason: `theme "${theme.id}" has no usable keywords in either language`,
      });
  });
  return out;
}
