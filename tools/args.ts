/** Command-line flags of the `continuum` CLI: `--name value`, `--name=value`, and switches. */
export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Map<string, string>;
  readonly switches: Set<string>;
}

/** Parses `argv`; a string is the problem (unknown flag, missing value). */
export function parseArgs(
  argv: readonly string[],
  valueFlags: readonly string[],
  switchFlags: readonly string[] = [],
): ParsedArgs | string {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (switchFlags.includes(name)) {
      if (inline !== undefined) return `--${name} takes no value`;
      switches.add(name);
    } else if (valueFlags.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') return `--${name} needs a value`;
      flags.set(name, value);
    } else return `unknown option --${name}`;
  }
  return { positional, flags, switches };
}

/** A positive integer flag, or the problem. */
export function positiveInt(value: string | undefined, name: string): number | undefined | string {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : `--${name} must be a positive integer`;
}
