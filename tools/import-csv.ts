/**
 * `continuum import <file.csv> --kind feedback|interactions --url <listen> --key <api key>`:
 * streams the file to `POST /v1/imports` (never read whole into memory) under an import id it
 * chooses, and meanwhile polls `GET /v1/imports/:id` to draw a progress bar on stderr. Prints the
 * final report as JSON on stdout. Exit code 0 when the import completed (rejected rows are
 * listed in the report), 1 when it failed, 2 on bad arguments.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

interface Report {
  readonly id: string;
  readonly status: string;
  readonly bytesRead: number;
  readonly rowsRead: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly rejections?: readonly {
    line: number;
    id: string | null;
    errors: { field: string; reason: string }[];
  }[];
  readonly error?: string | null;
}

interface Args {
  file: string;
  kind: string;
  url: string;
  key: string;
  id: string;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Args | string {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      const value = inline ?? argv[++i];
      if (value === undefined) return `--${name} needs a value`;
      flags.set(name, value);
    } else positional.push(a);
  }
  const unknown = [...flags.keys()].filter((f) => !['kind', 'url', 'key', 'id'].includes(f));
  if (unknown.length) return `unknown option(s) ${unknown.map((u) => `--${u}`).join(', ')}`;
  const kind = flags.get('kind');
  if (positional.length !== 1) return 'name one CSV file';
  if (kind !== 'feedback' && kind !== 'interactions') return '--kind must be feedback or interactions';
  const key = flags.get('key') ?? env.CONTINUUM_API_KEY;
  if (!key) return '--key (or CONTINUUM_API_KEY) is required';
  return {
    file: positional[0],
    kind,
    url: flags.get('url') ?? env.CONTINUUM_URL ?? 'http://127.0.0.1:3001',
    key,
    id: flags.get('id') ?? randomUUID(),
  };
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function progressLine(r: Report | null, size: number, sent: number, width = 30): string {
  const done = r ? r.bytesRead : 0;
  const share = size > 0 ? Math.min(1, done / size) : 1;
  const filled = Math.round(share * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%`;
  if (!r) return `${bar}  uploading (${fmt(sent)} of ${fmt(size)} bytes sent)`;
  return `${bar}  ${fmt(r.rowsRead)} rows: ${fmt(r.accepted)} accepted, ${fmt(r.duplicates)} duplicates, ${fmt(r.rejected)} rejected`;
}

async function getReport(a: Args): Promise<Report | null> {
  try {
    const res = await fetch(new URL(`/v1/imports/${encodeURIComponent(a.id)}`, a.url), {
      headers: { authorization: `Bearer ${a.key}` },
    });
    return res.ok ? ((await res.json()) as Report) : null;
  } catch {
    return null;
  }
}

function upload(
  a: Args,
  size: number,
  onSent: (n: number) => void,
): Promise<{ status: number; body: string }> {
  const url = new URL(`/v1/imports?${new URLSearchParams({ kind: a.kind, id: a.id }).toString()}`, a.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, {
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        'content-length': String(size),
        authorization: `Bearer ${a.key}`,
      },
    });
    req.on('response', (res: IncomingMessage) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    // An early answer (409, 415…) may cut the upload short; the answer is what counts then.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const file = createReadStream(a.file);
    let sent = 0;
    file.on('data', (chunk) => {
      sent += chunk.length;
      onSent(sent);
    });
    file.on('error', (err) => {
      req.destroy(err);
      reject(err);
    });
    file.pipe(req);
  });
}

export async function importCsv(argv: readonly string[], usage: string): Promise<number> {
  const a = parseArgs(argv, process.env);
  if (typeof a === 'string') {
    process.stderr.write(`continuum import: ${a}\n${usage}\n`);
    return 2;
  }
  const size = statSync(a.file).size;
  const tty = process.stderr.isTTY === true;
  let sent = 0;
  let last = '';
  let lastAt = 0;
  const draw = (r: Report | null, force = false) => {
    const line = progressLine(r, size, sent);
    const now = Date.now();
    if (tty) process.stderr.write(`\r${line}\u001b[K`);
    else if (force || (line !== last && now - lastAt >= 1000)) {
      process.stderr.write(`${line}\n`);
      lastAt = now;
    }
    last = line;
  };
  process.stderr.write(`importing ${a.file} (${fmt(size)} bytes) as ${a.kind}, import id ${a.id}\n`);
  let polling = false;
  const timer = setInterval(() => {
    if (polling) return;
    polling = true;
    void getReport(a)
      .then((r) => draw(r))
      .finally(() => (polling = false));
  }, 500);
  try {
    const res = await upload(a, size, (n) => (sent = n));
    clearInterval(timer);
    let body: { import?: Report; detail?: string; errors?: unknown } & Partial<Report> = {};
    try {
      body = JSON.parse(res.body) as typeof body;
    } catch {
      // not JSON: reported below with the status
    }
    const report = res.status === 202 ? (body as Report) : (body.import ?? (await getReport(a)));
    draw(report, true);
    if (tty) process.stderr.write('\n');
    if (report) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (res.status !== 202) {
      process.stderr.write(
        `continuum import: HTTP ${res.status}: ${body.detail ?? res.body}${body.errors ? ` ${JSON.stringify(body.errors)}` : ''}\n`,
      );
      return 1;
    }
    process.stderr.write(
      `import ${a.id} ${report?.status}: ${fmt(report?.accepted ?? 0)} accepted, ${fmt(report?.duplicates ?? 0)} duplicates, ${fmt(report?.rejected ?? 0)} rejected\n`,
    );
    return report?.status === 'completed' ? 0 : 1;
  } finally {
    clearInterval(timer);
  }
}
