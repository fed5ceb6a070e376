/**
 * `continuum journey put <file.yaml|json> [--url] [--key]` and
 * `continuum playbooks put <file.yaml|json> [--url] [--key]`: uploads a tenant's journey map to
 * listen (`PUT /v1/journey`) or its playbook to act (`PUT /v1/playbooks`), as YAML or JSON by the
 * file's extension. Prints the stored version; on a refusal prints the problem details (each field
 * with its reason) on stderr and exits 1. Exit 2 on bad arguments.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from './args';

export interface UploadTarget {
  readonly what: 'journey' | 'playbooks';
  readonly path: string;
  readonly urlEnv: string;
  readonly defaultUrl: string;
}

export const JOURNEY_TARGET: UploadTarget = {
  what: 'journey',
  path: '/v1/journey',
  urlEnv: 'CONTINUUM_URL',
  defaultUrl: 'http://127.0.0.1:3001',
};

export const PLAYBOOKS_TARGET: UploadTarget = {
  what: 'playbooks',
  path: '/v1/playbooks',
  urlEnv: 'CONTINUUM_ACT_URL',
  defaultUrl: 'http://127.0.0.1:3003',
};

interface Problem {
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly errors?: readonly { field: string; reason: string; index?: number }[];
}

export function formatProblem(status: number, p: Problem | null, text: string): string {
  if (!p) return `HTTP ${status}: ${text.slice(0, 500)}`;
  const lines = [`${p.title ?? 'Error'} (${p.status ?? status})${p.detail ? `: ${p.detail}` : ''}`];
  for (const e of p.errors ?? []) lines.push(`  ${e.field}: ${e.reason}`);
  return lines.join('\n');
}

function contentType(file: string): string | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'application/yaml';
  if (ext === '.json') return 'application/json';
  return null;
}

export async function upload(
  target: UploadTarget,
  argv: readonly string[],
  usage: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const a = parseArgs(argv, ['url', 'key']);
  const fail = (why: string) => {
    process.stderr.write(`continuum ${target.what} put: ${why}\n${usage}\n`);
    return 2;
  };
  if (typeof a === 'string') return fail(a);
  if (a.positional.length !== 1) return fail('name one file');
  const file = a.positional[0];
  const type = contentType(file);
  if (!type) return fail(`${file}: use a .yaml, .yml or .json file`);
  const key = a.flags.get('key') ?? env.CONTINUUM_API_KEY;
  if (!key) return fail('--key (or CONTINUUM_API_KEY) is required');
  const base = a.flags.get('url') ?? env[target.urlEnv] ?? target.defaultUrl;
  let body: string;
  try {
    body = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`continuum ${target.what} put: cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  const res = await fetch(new URL(target.path, base), {
    method: 'PUT',
    headers: { authorization: `Bearer ${key}`, 'content-type': type },
    body,
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  if (!res.ok) {
    process.stderr.write(`${formatProblem(res.status, json as Problem | null, text)}\n`);
    return 1;
  }
  const stored = json as { version?: number; tenantId?: string };
  const name = target.what === 'journey' ? 'journey' : 'playbook';
  process.stdout.write(
    `${name} version ${stored.version ?? '?'} stored for tenant ${stored.tenantId ?? '?'}\n`,
  );
  return 0;
}
