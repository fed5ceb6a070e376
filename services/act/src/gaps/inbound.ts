/**
 * Shape checks for the events act consumes from measure. They are ours, but a record that would
 * break a rule later is refused here with the reason (dead letter) instead. Pure.
 */
import { SCOPE_KINDS } from '@continuum/contracts';
const GAP_KINDS = ['vs-previous', 'vs-target', 'early-warning'];
const CYCLES = ['day', 'week', 'month'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isInstant = (v: unknown) => isStr(v) && !Number.isNaN(Date.parse(v));
const isNumOrNull = (v: unknown) => v === null || isNum(v);

function scopeAndCycle(d: Obj, problems: string[]): void {
  const s = d.scope;
  if (!isObj(s) || !(SCOPE_KINDS as readonly string[]).includes(s.kind as string) || !isStr(s.id))
    problems.push(`scope must be { kind: ${SCOPE_KINDS.join('|')}, id }`);
  const c = d.cycle;
  if (!isObj(c) || !CYCLES.includes(c.length as string) || !isInstant(c.start) || !isInstant(c.end))
    problems.push('cycle must be { length: day|week|month, start, end } with ISO instants');
  else if (Date.parse(c.start as string) >= Date.parse(c.end as string))
    problems.push('cycle.start must be before cycle.end');
}

/** Null when the payload is a usable GapDetectedV1, else the reasons. */
export function gapProblems(data: unknown, tenantId: string): string | null {
  if (!isObj(data)) return 'data must be a JSON object';
  const p: string[] = [];
  if (data.tenantId !== tenantId) p.push('tenantId must equal the ce_tenantid header');
  if (!isStr(data.gapKey)) p.push('gapKey must be a non-empty string');
  if (!GAP_KINDS.includes(data.kind as string)) p.push(`kind must be one of ${GAP_KINDS.join(', ')}`);
  if (!isStr(data.indicator)) p.push('indicator must be a non-empty string');
  scopeAndCycle(data, p);
  for (const k of ['current', 'delta', 'p', 'nCurrent']) if (!isNum(data[k])) p.push(`${k} must be a number`);
  for (const k of ['previous', 'nPrevious', 'q', 'target'])
    if (!isNumOrNull(data[k])) p.push(`${k} must be a number or null`);
  if (!Array.isArray(data.ci) || data.ci.length !== 2 || !data.ci.every(isNum))
    p.push('ci must be [low, high]');
  for (const k of ['stage', 'owner'])
    if (data[k] !== null && !isStr(data[k])) p.push(`${k} must be a string or null`);
  if (
    !Array.isArray(data.themes) ||
    !data.themes.every((t) => isObj(t) && isStr(t.theme) && isNum(t.share) && isNum(t.change))
  )
    p.push('themes must be a list of { theme, share, change }');
  if (!Array.isArray(data.sampleComments) || !data.sampleComments.every((c) => typeof c === 'string'))
    p.push('sampleComments must be a list of strings');
  return p.length ? p.join('; ') : null;
}

export function metricsProblems(data: unknown, tenantId: string): string | null {
  if (!isObj(data)) return 'data must be a JSON object';
  const p: string[] = [];
  if (data.tenantId !== tenantId) p.push('tenantId must equal the ce_tenantid header');
  scopeAndCycle(data, p);
  if (data.closed !== undefined && typeof data.closed !== 'boolean')
    p.push('closed must be a boolean when present');
  if (!Array.isArray(data.indicators)) p.push('indicators must be a list');
  else
    data.indicators.forEach((v: unknown, i) => {
      if (
        !isObj(v) ||
        !isStr(v.indicator) ||
        !isNum(v.n) ||
        !isNumOrNull(v.value) ||
        !(v.ci === null || (Array.isArray(v.ci) && v.ci.length === 2 && v.ci.every(isNum)))
      )
        p.push(`indicators[${i}] must be { indicator, n, value, ci }`);
    });
  return p.length ? p.join('; ') : null;
}
