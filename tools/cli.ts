/**
 * `continuum` — operator commands.
 *   migrate                                   create or update the tenancy schema
 *   tenant create <id> [name]                 create a tenant (idempotent)
 *   key issue <tenant> [scope,scope…]         issue an API key (ingest,read,admin); printed once
 *   key revoke <prefix>                       revoke a key by its prefix (ck_…)
 *   topics                                    create the catalogue's missing topics on the broker
 *   import <file.csv> --kind feedback|interactions [--url http://127.0.0.1:3001] [--key <api key>] [--id <id>]
 *                                             stream a CSV to listen's POST /v1/imports, with a progress bar
 *   journey put <file.yaml|json> [--url] [--key]     upload the tenant's journey map (listen)
 *   playbooks put <file.yaml|json> [--url] [--key]   upload the tenant's playbook (act)
 *   tail <topic> [--from-beginning] [--tenant <id>] [--max <n>] [--group <id>]
 *                                             print a topic's records as readable lines
 *   dlq replay [--topic <t>] [--reason <code>] [--tenant <id>] [--since <ISO time>] [--dry-run] [--max <n>] [--group <id>]
 *                                             send dead letters back to their original topics, once
 * Reads DATABASE_URL (default postgres://postgres@127.0.0.1:5432/continuum) and KAFKA_BROKERS;
 * `import`, `journey put` and `playbooks put` read only their arguments (or CONTINUUM_URL,
 * CONTINUUM_ACT_URL and CONTINUUM_API_KEY).
 */
import 'reflect-metadata';
import { dlqReplay } from './dlq-replay';
import { importCsv } from './import-csv';
import { tail } from './tail';
import { JOURNEY_TARGET, PLAYBOOKS_TARGET, upload } from './upload';
import {
  createDataSource,
  KEY_SCOPES,
  migrate,
  TENANCY_MIGRATIONS,
  TenantDirectory,
  type KeyScope,
} from '@continuum/persistence';
import { createKafka, ensureTopics } from '@continuum/kafka';
import { BaseServiceConfig, kafkaConnection, loadConfig } from '@continuum/platform';

const USAGE = `usage: continuum migrate | topics | tenant create <id> [name] | key issue <tenant> [scopes] | key revoke <prefix>
       continuum import <file.csv> --kind feedback|interactions [--url <listen url>] [--key <api key>] [--id <import id>]
       continuum journey put <file.yaml|json> [--url <listen url>] [--key <api key>]
       continuum playbooks put <file.yaml|json> [--url <act url>] [--key <api key>]
       continuum tail <topic> [--from-beginning] [--tenant <id>] [--max <n>] [--group <id>]
       continuum dlq replay [--topic <original topic>] [--reason <code>] [--tenant <id>] [--since <ISO time>] [--dry-run] [--max <n>] [--group <id>]`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'import') return importCsv(argv.slice(1), USAGE);
  if (argv[0] === 'journey' && argv[1] === 'put') return upload(JOURNEY_TARGET, argv.slice(2), USAGE);
  if (argv[0] === 'playbooks' && argv[1] === 'put') return upload(PLAYBOOKS_TARGET, argv.slice(2), USAGE);
  if (argv[0] === 'tail') return tail(argv.slice(1), USAGE);
  if (argv[0] === 'dlq' && argv[1] === 'replay') return dlqReplay(argv.slice(2), USAGE);
  const cfg = loadConfig(BaseServiceConfig);
  const ds = createDataSource({
    url: cfg.DATABASE_URL,
    schema: 'tenancy',
    migrations: TENANCY_MIGRATIONS,
    applicationName: 'continuum-cli',
  });
  const [cmd, sub, ...rest] = argv;
  if (cmd === 'topics') {
    const created = await ensureTopics(
      createKafka(kafkaConnection(cfg, 'continuum-cli')),
      undefined,
      cfg.KAFKA_REPLICATION_FACTOR,
    );
    process.stdout.write(`topics: ${created.length ? `created ${created.join(', ')}` : 'all present'}\n`);
    return 0;
  }
  if (cmd === 'migrate') {
    const done = await migrate(ds);
    process.stdout.write(`tenancy: ${done.length ? `applied ${done.join(', ')}` : 'schema up to date'}\n`);
    return 0;
  }
  await ds.initialize();
  try {
    const dir = new TenantDirectory(ds, 0);
    if (cmd === 'tenant' && sub === 'create' && rest[0]) {
      await dir.createTenant(rest[0], rest[1] ?? rest[0]);
      process.stdout.write(`tenant ${rest[0]} ready\n`);
      return 0;
    }
    if (cmd === 'key' && sub === 'issue' && rest[0]) {
      if (!(await dir.tenantExists(rest[0]))) throw new Error(`no tenant ${rest[0]}`);
      const scopes = (rest[1]?.split(',') ?? KEY_SCOPES) as KeyScope[];
      const bad = scopes.filter((s) => !KEY_SCOPES.includes(s));
      if (bad.length) throw new Error(`unknown scope(s) ${bad.join(', ')}; use ${KEY_SCOPES.join(', ')}`);
      const { key } = await dir.issueKey(rest[0], scopes);
      process.stdout.write(`${key}\n`);
      return 0;
    }
    if (cmd === 'key' && sub === 'revoke' && rest[0]) {
      const ok = await dir.revokeKey(rest[0]);
      process.stdout.write(ok ? `revoked ${rest[0]}\n` : `no live key ${rest[0]}\n`);
      return ok ? 0 : 1;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } finally {
    await ds.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`continuum: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
