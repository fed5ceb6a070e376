/**
 * Identifiers and segment values travel to every topic, table and metric scope (`segment:k=v` is
 * a scope id), where no redaction reaches them; so a value the comment detectors would redact
 * (e-mail, phone, IBAN, card, codice fiscale) is refused at the door instead (issue 20 item 6).
 * The reason names the field and the kind, never the value: reasons end up in logs and dead letters.
 */
import { redactPii } from '@continuum/text';
import type { FieldProblem } from './validate';

export function personalDataProblem(field: string, value: string | undefined | null): FieldProblem | null {
  if (!value) return null;
  const found = redactPii(value).found;
  if (found.length === 0) return null;
  const kinds = found.map((k) => k.toLowerCase().replace('_', ' ')).join(', ');
  return {
    field,
    reason: `${field} looks like personal data (${kinds}); send a pseudonymous value instead`,
  };
}

/** Problems of a segment map's values, each named `segment.<key>`. */
export function segmentPersonalData(segment: Readonly<Record<string, string>> | undefined): FieldProblem[] {
  if (!segment) return [];
  const out: FieldProblem[] = [];
  for (const [k, v] of Object.entries(segment)) {
    const p = typeof v === 'string' ? personalDataProblem(`segment.${k}`, v) : null;
    if (p) out.push(p);
  }
  return out;
}
