/**
 * CSV rows → the JSON objects the ingest DTOs validate. Pure.
 * - Header names are the JSON field names (`nps`, `startedAt`…); a map field is spread over
 *   `name.key` columns (`segment.plan`, `segment.region`). Unknown, duplicate or missing
 *   required columns refuse the whole file before any row is read.
 * - An empty (or blank) cell is an absent field.
 * - A cell becomes a number or a boolean only where the DTO expects one (`true`/`false` in any
 *   case for booleans); a cell that does not convert stays text, so the DTO names the problem.
 */
import { FEEDBACK_FIELDS, INTERACTION_FIELDS, type FieldKind, type FieldProblem } from '@continuum/contracts';

export type ImportKind = 'feedback' | 'interactions';
export const IMPORT_KINDS: readonly ImportKind[] = ['feedback', 'interactions'];

const FIELDS: Record<ImportKind, Readonly<Record<string, FieldKind>>> = {
  feedback: FEEDBACK_FIELDS,
  interactions: INTERACTION_FIELDS,
};

/** Columns every file of a kind must have (the DTOs' required fields). */
export const REQUIRED_COLUMNS: Record<ImportKind, readonly string[]> = {
  feedback: ['id', 'touchpoint'],
  interactions: ['id', 'customerId', 'channel', 'touchpoint', 'outcome', 'startedAt'],
};

export interface Column {
  readonly field: string;
  readonly kind: FieldKind;
  /** For map fields: the entry the column fills. */
  readonly mapKey?: string;
}

const MAP_KEY = /^[A-Za-z][\w.-]{0,63}$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function mapHeader(
  kind: ImportKind,
  header: readonly string[],
): { ok: true; columns: Column[] } | { ok: false; problems: FieldProblem[] } {
  const fields = FIELDS[kind];
  const problems: FieldProblem[] = [];
  const columns: Column[] = [];
  const seen = new Set<string>();
  header.forEach((raw, i) => {
    const name = raw.trim();
    const where = `column ${i + 1}`;
    if (seen.has(name)) problems.push({ field: where, reason: `column "${name}" appears twice` });
    seen.add(name);
    const dot = name.indexOf('.');
    const field = dot < 0 ? name : name.slice(0, dot);
    const fieldKind = fields[field];
    if (name === '') problems.push({ field: where, reason: 'the header cell is empty' });
    else if (fieldKind === undefined)
      problems.push({
        field: where,
        reason: `"${name}" is not a ${kind} field; columns are ${Object.keys(fields).join(', ')}`,
      });
    else if (fieldKind === 'map' && dot < 0)
      problems.push({
        field: where,
        reason: `"${name}" is a map: use one column per entry, like ${name}.plan`,
      });
    else if (fieldKind === 'map' && !MAP_KEY.test(name.slice(dot + 1)))
      problems.push({
        field: where,
        reason: `"${name}": entry names start with a letter, then letters, digits, _ . -`,
      });
    else if (fieldKind !== 'map' && dot >= 0)
      problems.push({ field: where, reason: `"${name}": only map fields take a ".key" suffix` });
    else
      columns.push(
        dot < 0 ? { field, kind: fieldKind } : { field, kind: fieldKind, mapKey: name.slice(dot + 1) },
      );
  });
  const present = new Set(columns.map((c) => c.field));
  for (const f of REQUIRED_COLUMNS[kind])
    if (!present.has(f)) problems.push({ field: f, reason: `the header lacks the required column "${f}"` });
  return problems.length ? { ok: false, problems } : { ok: true, columns };
}

function convert(kind: FieldKind, cell: string): unknown {
  const t = cell.trim();
  switch (kind) {
    case 'number':
      return NUMBER.test(t) ? Number(t) : cell;
    case 'boolean':
      return /^true$/i.test(t) ? true : /^false$/i.test(t) ? false : cell;
    case 'string':
    case 'map':
      return cell;
  }
}

/** One data row (as many cells as columns) → a plain object for the DTO. */
export function rowToPlain(columns: readonly Column[], cells: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    const cell = cells[i];
    if (cell === undefined || cell.trim() === '') return;
    if (c.mapKey !== undefined) {
      const map = (out[c.field] ??= {}) as Record<string, string>;
      map[c.mapKey] = cell;
    } else {
      out[c.field] = convert(c.kind, cell);
    }
  });
  return out;
}
