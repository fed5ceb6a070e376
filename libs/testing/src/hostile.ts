/**
 * Seeded hostile input for the fuzz suite: a valid body made invalid in one way at one place —
 * prototype keys, nulls, wrong types, NUL characters, lone surrogates, broken escapes, huge
 * numbers and strings, deep nesting — returned as the text to send, so syntax JSON.stringify
 * cannot write (`1e400`, `"\u12"`) is among it. Pure: the same seed gives the same bodies.
 */

/** A JSON value (as JSON.stringify would write it). */
export type Json = unknown;

/** A deterministic source of choices (a 32-bit linear congruential generator). */
export class Seeded {
  constructor(private state: number) {}

  next(): number {
    this.state = (Math.imul(this.state, 1103515245) + 12345) >>> 0;
    return this.state / 2 ** 32;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** JSON text that is written as it is (numbers and strings JSON.stringify would change). */
class Raw {
  constructor(readonly text: string) {}
}

type Tree = null | boolean | number | string | Raw | Tree[] | { entries: [string, Tree][] };

const isEntries = (t: Tree): t is { entries: [string, Tree][] } =>
  typeof t === 'object' && t !== null && !(t instanceof Raw) && !Array.isArray(t);

function toTree(v: Json): Tree {
  if (Array.isArray(v)) return v.map(toTree);
  if (v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (v !== null && typeof v === 'object')
    return { entries: Object.entries(v).map(([k, x]) => [k, toTree(x)]) };
  return null;
}

function write(t: Tree): string {
  if (t instanceof Raw) return t.text;
  if (Array.isArray(t)) return `[${t.map(write).join(',')}]`;
  if (isEntries(t)) return `{${t.entries.map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`).join(',')}}`;
  return JSON.stringify(t);
}

/** Every place in the tree: the containers, then a key or index into each. */
interface Place {
  readonly parent: Tree[] | { entries: [string, Tree][] } | null;
  readonly at: number;
  readonly value: Tree;
  readonly path: string;
  readonly depth: number;
}

function places(
  t: Tree,
  out: Place[] = [],
  parent: Place['parent'] = null,
  at = 0,
  path = '',
  depth = 0,
): Place[] {
  out.push({ parent, at, value: t, path: path || '(body)', depth });
  if (Array.isArray(t)) t.forEach((x, i) => places(x, out, t, i, `${path}[${i}]`, depth + 1));
  else if (isEntries(t))
    t.entries.forEach(([k, x], i) => places(x, out, t, i, path ? `${path}.${k}` : k, depth + 1));
  return out;
}

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '1e-400',
  '123456789012345678901234567890',
  '9007199254740993',
  '-9007199254740993',
  '1.7976931348623157e308',
  '-0',
  '0.1e1',
  '1E+2',
];

/** Strings JSON.stringify escapes correctly but the services must still refuse or store as data. */
const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e',
  '\ufeff',
  '%00',
  '../../etc/passwd',
  "'; DROP TABLE x; --",
  '{{constructor.constructor("return process")()}}',
  '${7*7}',
  '{action.__proto__}',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  '\n',
  'null',
  'NaN',
  '1e400',
  '2026-02-30T25:61:00Z',
  '-000001-01-01T00:00:00Z',
  'http://127.0.0.1:1/x',
  'javascript:alert(1)',
  '😡'.repeat(50),
];

/** Escapes and syntax JSON parsers must refuse (as a string value's text). */
const BROKEN_TEXT = [
  '"\\u12"',
  '"\\uZZZZ"',
  '"\\x41"',
  '"\\',
  '"abc',
  '"a\u0000b"',
  '"tab\there"',
  '"\\ud800\\u0041"',
  'undefined',
  'NaN',
  'Infinity',
  "'single'",
  '0x10',
  '01',
  '.5',
  '+1',
  '[1,]',
  '{"a":1,}',
  '{"a" 1}',
  '{,}',
  '//c\n1',
];

export interface Mutant {
  /** The request body (bytes where it must not be valid UTF-8). */
  readonly body: string | Buffer;
  /** What was done where, to name a failure. */
  readonly what: string;
}

function wrongType(r: Seeded): Tree {
  return r.pick<Tree>([
    null,
    true,
    false,
    0,
    -1,
    1.5,
    '',
    'x',
    [],
    { entries: [] },
    [null],
    { entries: [['a', null]] },
  ]);
}

function deep(r: Seeded, levels: number): Tree {
  let t: Tree = r.pick<Tree>([1, 'x', null, []]);
  const key = r.pick(['a', '__proto__', 'constructor']);
  for (let i = 0; i < levels; i++) t = r.chance(0.5) ? [t] : { entries: [[key, t]] };
  return t;
}

/** A value for a prototype key: what pollution would need, and things that break lookups. */
function protoValue(r: Seeded): Tree {
  return r.pick<Tree>([
    { entries: [] },
    { entries: [['polluted', true]] },
    { entries: [['prototype', { entries: [['polluted', true]] }]] },
    { entries: [['toString', 'x']] },
    null,
    'x',
    1,
    [],
  ]);
}

function replace(p: Place, value: Tree): void {
  if (!p.parent) return;
  if (Array.isArray(p.parent)) p.parent[p.at] = value;
  else p.parent.entries[p.at][1] = value;
}

/**
 * One mutant of `valid`. `root` replacement happens at the top; otherwise a place is picked among
 * all places (every depth equally likely) and changed.
 */
export function mutate(valid: Json, r: Seeded): Mutant {
  const tree = toTree(valid);
  const all = places(tree);
  const objects = all.filter((p) => isEntries(p.value));
  const kind = r.int(14);
  const p = r.pick(all.length > 1 ? all.slice(1) : all);
  const setTop = (t: Tree, what: string): Mutant => ({ body: write(t), what });
  const at = (what: string): Mutant => ({ body: write(tree), what: `${p.path}: ${what}` });
  switch (kind) {
    case 0: {
      const o = objects.length > 0 ? r.pick(objects) : null;
      const key = r.pick(PROTOTYPE_KEYS);
      if (!o || !isEntries(o.value)) return setTop({ entries: [[key, protoValue(r)]] }, `(body) → {${key}}`);
      const v = protoValue(r);
      // At the front or the back: a parser assigning keys in order may let a later one win.
      if (r.chance(0.5)) o.value.entries.unshift([key, v]);
      else o.value.entries.push([key, v]);
      return { body: write(tree), what: `${o.path}: + ${key}=${write(v)}` };
    }
    case 1: {
      // A prototype key in place of an existing key (the field then absent, the key present).
      const o = objects.length > 0 ? r.pick(objects) : null;
      if (!o || !isEntries(o.value) || o.value.entries.length === 0)
        return setTop(protoValue(r), '(body) → proto value');
      const i = r.int(o.value.entries.length);
      const key = r.pick(PROTOTYPE_KEYS);
      const was = o.value.entries[i][0];
      o.value.entries[i][0] = key;
      return { body: write(tree), what: `${o.path}: key ${was} → ${key}` };
    }
    case 2:
      replace(p, null);
      return at('null');
    case 3: {
      const v = wrongType(r);
      replace(p, v);
      return at(`wrong type ${write(v).slice(0, 20)}`);
    }
    case 4: {
      const s = r.pick(NASTY_STRINGS);
      replace(p, typeof p.value === 'string' && r.chance(0.5) ? p.value + s : s);
      return at(`string ${JSON.stringify(s).slice(0, 30)}`);
    }
    case 5: {
      const n = r.pick(HUGE_NUMBERS);
      replace(p, new Raw(n));
      return at(`number ${n}`);
    }
    case 6: {
      const len = r.pick([256, 1001, 5001, 65_537, 1_000_001]);
      replace(p, r.pick(['x', 'é', '😡', '\\']).repeat(len));
      return at(`string of ${len}`);
    }
    case 7: {
      const b = r.pick(BROKEN_TEXT);
      replace(p, new Raw(b));
      return at(`broken text ${JSON.stringify(b)}`);
    }
    case 8: {
      // A missing field.
      if (!p.parent) return setTop(null, '(body) → null');
      if (Array.isArray(p.parent)) p.parent.splice(p.at, 1);
      else p.parent.entries.splice(p.at, 1);
      return at('removed');
    }
    case 9: {
      const o = objects.length > 0 ? r.pick(objects) : null;
      const key = r.pick(['unexpected', '', ' ', 'a.b', '\u0000', '$where', 'id ', 'ID']);
      if (!o || !isEntries(o.value)) return setTop({ entries: [[key, 1]] }, `(body) → {${key}}`);
      o.value.entries.push([key, wrongType(r)]);
      return { body: write(tree), what: `${o.path}: + unknown key ${JSON.stringify(key)}` };
    }
    case 10: {
      const n = r.pick([64, 1001, 20_000]);
      replace(
        p,
        Array.from({ length: n }, () =>
          Array.isArray(p.value) && p.value[0] !== undefined ? p.value[0] : p.value,
        ),
      );
      return at(`array of ${n}`);
    }
    case 11: {
      const levels = r.pick([20, 200, 2000]);
      replace(p, deep(r, levels));
      return at(`nested ${levels} deep`);
    }
    case 12: {
      // Duplicate key: the later one is what JSON.parse keeps.
      const o = objects.length > 0 ? r.pick(objects) : null;
      if (!o || !isEntries(o.value) || o.value.entries.length === 0) return setTop([], '(body) → []');
      const [k] = r.pick(o.value.entries);
      o.value.entries.push([k, wrongType(r)]);
      return { body: write(tree), what: `${o.path}: duplicate key ${k}` };
    }
    default: {
      const top = r.pick<Tree>([null, 0, 'x', true, [], [tree], [tree, null], new Raw('')]);
      return setTop(top, `(body) → ${write(top).slice(0, 20) || 'empty'}`);
    }
  }
}

/**
 * The systematic part: for every place of `valid`, the body with a null there, and for every
 * object in it, the body with each prototype key added — every depth, not only those drawn.
 */
export function sweep(valid: Json): Mutant[] {
  const out: Mutant[] = [];
  const count = places(toTree(valid)).length;
  for (let i = 1; i < count; i++) {
    const tree = toTree(valid);
    const p = places(tree)[i];
    replace(p, null);
    out.push({ body: write(tree), what: `${p.path}: null` });
  }
  for (let i = 0; i < count; i++) {
    for (const key of PROTOTYPE_KEYS) {
      const tree = toTree(valid);
      const p = places(tree)[i];
      if (!isEntries(p.value)) continue;
      p.value.entries.push([key, { entries: [['polluted', true]] }]);
      out.push({ body: write(tree), what: `${p.path}: + ${key}` });
    }
  }
  return out;
}

/** Path segments to put where an id or name goes in a URL. */
export function hostileSegment(r: Seeded): string {
  const raw = r.pick([
    '__proto__',
    'constructor',
    'prototype',
    'x'.repeat(r.pick([65, 201, 1025, 5000])),
    '\u0000',
    'a\u0000b',
    '..',
    '%',
    '%zz',
    ' ',
    '😡',
    '\ud800',
    "'; DROP TABLE x; --",
    '00000000-0000-0000-0000-000000000000',
    'null',
    '-1',
  ]);
  // A lone surrogate cannot be percent-encoded as UTF-8: sent as its broken escape instead.
  if (/[\ud800-\udfff]/.test(raw) && !/[\ud800-\udbff][\udc00-\udfff]/.test(raw)) return '%ED%A0%80';
  return raw === '%' || raw === '%zz' ? raw : encodeURIComponent(raw);
}

/** CSV text of a valid file made hostile in one way. */
export function mutateCsv(header: readonly string[], row: readonly string[], r: Seeded): Mutant {
  const rows = [header.slice(), row.slice()];
  const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const text = () => rows.map((x) => x.map(cell).join(',')).join(r.chance(0.3) ? '\r\n' : '\n') + '\n';
  const col = r.int(header.length);
  switch (r.int(10)) {
    case 0: {
      const s = r.pick(['\u0000', 'a\u0000b', '\ud800', '\ufeffx']);
      rows[1][col] = s;
      return { body: text(), what: `row 1 ${header[col]}: ${JSON.stringify(s)}` };
    }
    case 1: {
      const key = r.pick([...PROTOTYPE_KEYS, 'toString', '']);
      rows[0][col] = key;
      return { body: text(), what: `header ${header[col]} → ${JSON.stringify(key)}` };
    }
    case 2: {
      const key = r.pick(PROTOTYPE_KEYS);
      rows[0].push(key);
      rows[1].push(r.pick(['{"polluted":true}', 'x', '']));
      return { body: text(), what: `+ column ${key}` };
    }
    case 3:
      return { body: `${text()}"unterminated,${row.join(',')}\n`, what: 'unterminated quote' };
    case 4: {
      const n = r.pick([5001, 100_000, 1_100_000]);
      rows[1][col] = 'x'.repeat(n);
      return { body: text(), what: `row 1 ${header[col]}: ${n} characters` };
    }
    case 5: {
      rows[1][col] = r.pick(['1e400', '-0', '123456789012345678901234567890', 'NaN', '11', 'true', '']);
      return { body: text(), what: `row 1 ${header[col]}: ${rows[1][col]}` };
    }
    case 6: {
      const extra = Array.from({ length: r.pick([3, 500]) }, (_, i) => `c${i}`);
      rows[1].push(...extra);
      return { body: text(), what: `row 1 has ${extra.length} extra cells` };
    }
    case 7:
      return {
        body: r.pick(['', '\n', header.join(',') + '\n', '\ufeff', ',,,\n,,,\n']),
        what: 'empty or header-only',
      };
    case 8: {
      const bytes = Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a]);
      return { body: Buffer.concat([Buffer.from(text()), bytes]), what: 'invalid UTF-8 tail' };
    }
    default:
      rows[1][col] = '\\u0000\\"';
      return { body: text(), what: `row 1 ${header[col]}: backslash escapes` };
  }
}
