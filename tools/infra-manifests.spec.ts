/**
 * The deployment files cannot run here (no Docker, no Kubernetes), so this checks what can be
 * checked without them: every file parses, every manifest is a known kind with what it needs
 * (probes on the health endpoints, resources, a PodDisruptionBudget, config it refers to), every
 * command runs an entry point that the build produces, and every service under services/ is in
 * both the compose file and the Kubernetes manifests (a new service fails here until it is).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const K8S = path.join(ROOT, 'infra', 'k8s');
/** Every service: a directory under services/ with an entry point. */
const SERVICE_NAMES = readdirSync(path.join(ROOT, 'services'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(ROOT, 'services', d.name, 'src', 'main.ts')))
  .map((d) => d.name)
  .sort();
/** The services with a database schema of their own (`main.js migrate`): runService with migrations. */
const WITH_SCHEMA = SERVICE_NAMES.filter((s) =>
  /\bmigrations:/.test(readFileSync(path.join(ROOT, 'services', s, 'src', 'main.ts'), 'utf8')),
);
const portVar = (svc: string) => `${svc.toUpperCase()}_PORT`;

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [k: string]: unknown;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: { httpGet: { path: string; port: string | number } };
  readinessProbe?: { httpGet: { path: string; port: string | number } };
  startupProbe?: { httpGet: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface ComposeService {
  command?: string[];
  environment?: Record<string, unknown>;
  depends_on?: object;
  ports?: string[];
  healthcheck?: { test: string[] };
}
interface PodSpec {
  containers: Container[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
}

/** `node tools/run.js dist/<x>.js` must run something `tsc -p tsconfig.build.json` emits from `<x>.ts`. */
function entryPointsIn(text: string): string[] {
  return [...text.matchAll(/dist\/([\w/.-]+)\.js/g)].map((m) => `${m[1]}.ts`);
}

function expectBuildable(text: string): void {
  const entries = entryPointsIn(text);
  expect(entries.length).toBeGreaterThan(0);
  for (const e of entries)
    expect({ entry: e, exists: existsSync(path.join(ROOT, e)) }).toEqual({ entry: e, exists: true });
}

const MIGRATIONS = [
  'dist/tools/cli.js migrate',
  'dist/tools/cli.js topics',
  ...WITH_SCHEMA.map((s) => `dist/services/${s}/src/main.js migrate`),
];

it('finds the services (the checks below run for each)', () => {
  expect(SERVICE_NAMES).toEqual(expect.arrayContaining(['act', 'console', 'listen', 'measure']));
  expect(WITH_SCHEMA).toEqual(['act', 'collect', 'console', 'listen', 'measure']);
});

describe('infra/k8s', () => {
  const files = readdirSync(K8S).filter((f) => f.endsWith('.yaml'));
  const manifests: Manifest[] = files
    .filter((f) => f !== 'kustomization.yaml')
    .flatMap((f) =>
      parseAllDocuments(readFileSync(path.join(K8S, f), 'utf8')).map((d) => {
        expect({ file: f, errors: d.errors.map((e) => e.message) }).toEqual({ file: f, errors: [] });
        return d.toJS() as Manifest;
      }),
    );
  const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
  const pod = (m: Manifest) => (m.spec as { template: { spec: PodSpec } }).template.spec;

  it('every document is a known kind with a name', () => {
    const kinds = new Set([
      'Namespace',
      'ConfigMap',
      'Secret',
      'Job',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
    ]);
    for (const m of manifests) {
      expect(kinds.has(m.kind)).toBe(true);
      expect(m.apiVersion).toMatch(/^(v1|apps\/v1|batch\/v1|policy\/v1)$/);
      expect(m.metadata.name).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('kustomization lists every manifest file', () => {
    const k = parse(readFileSync(path.join(K8S, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect([...k.resources].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml').sort());
  });

  it.each(SERVICE_NAMES)(
    '%s: a Deployment with probes, resources, config, a Service and a PodDisruptionBudget',
    (svc) => {
      const config = byKind('ConfigMap').find((m) => m.metadata.name === 'continuum-config')!;
      const port = Number((config.data as Record<string, string>)[portVar(svc)]);
      expect({ [portVar(svc)]: port }).toEqual({ [portVar(svc)]: expect.any(Number) });
      const d = byKind('Deployment').find((m) => m.metadata.name === `continuum-${svc}`)!;
      expect({ deployment: `continuum-${svc}`, found: d !== undefined }).toEqual({
        deployment: `continuum-${svc}`,
        found: true,
      });
      const spec = d.spec as { replicas: number; selector: { matchLabels: Record<string, string> } };
      expect(spec.replicas).toBeGreaterThanOrEqual(1);
      const p = pod(d);
      expect(p.terminationGracePeriodSeconds).toBeGreaterThan(30);
      const [c] = p.containers;
      expect(c.args).toEqual([`dist/services/${svc}/src/main.js`]);
      expectBuildable(c.args!.join(' '));
      expect(c.ports).toEqual([{ name: 'http', containerPort: port }]);
      expect(c.livenessProbe!.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(c.readinessProbe!.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(c.resources!.requests).toHaveProperty('cpu');
      expect(c.resources!.requests).toHaveProperty('memory');
      expect(c.resources!.limits).toHaveProperty('memory');
      for (const from of c.envFrom ?? []) {
        const ref = from.configMapRef ?? from.secretRef;
        const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
        expect(byKind(kind).map((m) => m.metadata.name)).toContain(ref!.name);
      }
      const s = byKind('Service').find((m) => m.metadata.name === `continuum-${svc}`)!;
      expect((s.spec as { selector: Record<string, string> }).selector).toEqual(spec.selector.matchLabels);
      expect(
        (d.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels,
      ).toMatchObject(spec.selector.matchLabels);
      // Drains take at most one pod of the service at a time.
      const pdb = byKind('PodDisruptionBudget').find((m) => m.metadata.name === `continuum-${svc}`)!;
      expect(pdb).toBeDefined();
      const budget = pdb.spec as {
        maxUnavailable?: number;
        selector: { matchLabels: Record<string, string> };
      };
      expect(budget.maxUnavailable).toBe(1);
      expect(budget.selector.matchLabels).toEqual(spec.selector.matchLabels);
    },
  );

  it('the migrate Job migrates every schema and creates the topics, once', () => {
    const [job] = byKind('Job');
    const p = pod(job);
    expect(p.restartPolicy).toBe('Never');
    const script = p.containers[0].command!.join(' ');
    for (const step of MIGRATIONS) expect(script).toContain(step);
    expectBuildable(script);
  });

  it('the config names only variables the services read', () => {
    const config = byKind('ConfigMap')[0].data as Record<string, string>;
    const secret = byKind('Secret')[0].stringData as Record<string, string>;
    const sources = [
      readFileSync(path.join(ROOT, 'libs/platform/src/config.ts'), 'utf8'),
      ...SERVICE_NAMES.map((s) => readFileSync(path.join(ROOT, `services/${s}/src/${s}.config.ts`), 'utf8')),
    ].join('\n');
    for (const name of [...Object.keys(config), ...Object.keys(secret)]) expect(sources).toContain(`${name}`);
  });
});

describe('infra/docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(ROOT, 'infra', 'docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as {
    services: Record<string, ComposeService>;
  };

  it('runs the migrations, then every service on its port, with a readiness healthcheck', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['kafka', 'postgres', 'migrate', ...SERVICE_NAMES]),
    );
    const script = compose.services.migrate.command!.join(' ');
    for (const step of MIGRATIONS) expect(script).toContain(step);
    expectBuildable(script);
    for (const svc of SERVICE_NAMES) {
      const s = compose.services[svc];
      expect({ service: svc, inCompose: s !== undefined }).toEqual({ service: svc, inCompose: true });
      expect(s.command).toEqual([`dist/services/${svc}/src/main.js`]);
      expectBuildable(s.command!.join(' '));
      const port = Number(s.environment?.[portVar(svc)]);
      expect(Number.isInteger(port)).toBe(true);
      expect(s.environment).toMatchObject({ KAFKA_BROKERS: 'kafka:19092', HOST: '0.0.0.0' });
      expect(s.ports).toEqual([`127.0.0.1:${port}:${port}`]);
      expect(s.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${port}/health/ready`);
      expect(s.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    }
  });
});

describe('the three-broker option', () => {
  const overlay = parse(readFileSync(path.join(ROOT, 'infra', 'docker-compose.cluster.yml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, ComposeService> };

  it('compose: three combined nodes, one cluster id, a 3-voter quorum; every service on all three, RF 3', () => {
    const nodes = ['kafka', 'kafka-2', 'kafka-3'].map((n) => overlay.services[n].environment!);
    expect(nodes.map((e) => e.KAFKA_NODE_ID)).toEqual([1, 2, 3]);
    expect(new Set(nodes.map((e) => e.CLUSTER_ID)).size).toBe(1);
    for (const e of nodes) {
      expect(e.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(e.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe('1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093');
      expect(e).toMatchObject({
        KAFKA_DEFAULT_REPLICATION_FACTOR: 3,
        KAFKA_MIN_INSYNC_REPLICAS: 2,
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 3,
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 2,
      });
    }
    for (const svc of ['migrate', ...SERVICE_NAMES])
      expect({ svc, env: overlay.services[svc]?.environment }).toEqual({
        svc,
        env: { KAFKA_BROKERS: 'kafka:19092,kafka-2:19092,kafka-3:19092', KAFKA_REPLICATION_FACTOR: 3 },
      });
  });

  it('k8s: a StatefulSet of three combined nodes with probes, resources and a PodDisruptionBudget', () => {
    const dir = path.join(K8S, 'kafka-cluster');
    const k = parse(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    const docs = k.resources.flatMap((f) =>
      parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as Manifest),
    );
    const sts = docs.find((m) => m.kind === 'StatefulSet')!;
    const spec = sts.spec as { replicas: number; serviceName: string; template: { spec: PodSpec } };
    expect(spec.replicas).toBe(3);
    const [c] = spec.template.spec.containers as (Container & { env: { name: string; value: string }[] })[];
    const env = Object.fromEntries(c.env.map((e) => [e.name, e.value]));
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(
      [0, 1, 2].map((i) => `${i + 1}@kafka-${i}.${spec.serviceName}:9093`).join(','),
    );
    expect(env).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_DEFAULT_REPLICATION_FACTOR: '3',
      KAFKA_MIN_INSYNC_REPLICAS: '2',
    });
    expect(c.readinessProbe).toBeDefined();
    expect(c.livenessProbe).toBeDefined();
    expect(c.resources!.requests).toHaveProperty('memory');
    expect(c.resources!.limits).toHaveProperty('memory');
    const pdb = docs.find((m) => m.kind === 'PodDisruptionBudget')!;
    expect((pdb.spec as { maxUnavailable: number }).maxUnavailable).toBe(1);
    // The services' config names these three brokers.
    const config = parseAllDocuments(readFileSync(path.join(K8S, 'config.yaml'), 'utf8'))[0].toJS() as {
      data: Record<string, string>;
    };
    expect(config.data.KAFKA_BROKERS).toBe(
      [0, 1, 2].map((i) => `kafka-${i}.${spec.serviceName}:9092`).join(','),
    );
    expect(config.data.KAFKA_REPLICATION_FACTOR).toBe('3');
  });
});

describe('infra/Dockerfile', () => {
  const text = readFileSync(path.join(ROOT, 'infra', 'Dockerfile'), 'utf8');

  it('builds with npm ci and tsc -p tsconfig.build.json, and runs through tools/run.js', () => {
    expect(text).toMatch(/RUN npm ci\b/);
    expect(text).toContain('tsc -p tsconfig.build.json');
    expect(text).toContain('ENTRYPOINT ["node", "tools/run.js"]');
    expectBuildable(
      text
        .split('\n')
        .filter((l) => l.startsWith('CMD'))
        .join('\n'),
    );
  });

  it('gives the services the V8 flags of infra/service-node-options, as npm start and the tests do', () => {
    const flags = readFileSync(path.join(ROOT, 'infra', 'service-node-options'), 'utf8').trim();
    expect(flags).toMatch(/^--max-old-space-size=\d+$/);
    expect(/NODE_OPTIONS=(\S+)/.exec(text)?.[1]).toBe(flags);
  });

  it('copies only paths that exist in the repository', () => {
    const sources = text
      .split('\n')
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources)
      expect({ path: s, exists: existsSync(path.join(ROOT, s)) }).toEqual({ path: s, exists: true });
  });
});
