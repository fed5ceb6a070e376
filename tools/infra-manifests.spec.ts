/**
 * The deployment files cannot run here (no Docker, no Kubernetes), so this checks what can be
 * checked without them: every file parses, every manifest is a known kind with what it needs
 * (probes on the health endpoints, resources, config it refers to), and every command runs an
 * entry point that the build produces.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const K8S = path.join(ROOT, 'infra', 'k8s');
const SERVICES = { listen: 3001, measure: 3002, act: 3003 } as const;
type Svc = keyof typeof SERVICES;

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
  ...Object.keys(SERVICES).map((s) => `dist/services/${s}/src/main.js migrate`),
];

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
    const kinds = new Set(['Namespace', 'ConfigMap', 'Secret', 'Job', 'Deployment', 'Service']);
    for (const m of manifests) {
      expect(kinds.has(m.kind)).toBe(true);
      expect(m.apiVersion).toMatch(/^(v1|apps\/v1|batch\/v1)$/);
      expect(m.metadata.name).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('kustomization lists every manifest file', () => {
    const k = parse(readFileSync(path.join(K8S, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect([...k.resources].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml').sort());
  });

  it.each(Object.entries(SERVICES))(
    '%s: a Deployment with probes, resources, config and a Service',
    (svc, port) => {
      const d = byKind('Deployment').find((m) => m.metadata.name === `continuum-${svc}`)!;
      expect(d).toBeDefined();
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
      // The port the container opens is the port the service reads from its config.
      const config = byKind('ConfigMap').find((m) => m.metadata.name === 'continuum-config')!;
      expect((config.data as Record<string, string>)[`${svc.toUpperCase()}_PORT`]).toBe(String(port));
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
      ...Object.keys(SERVICES).map((s) =>
        readFileSync(path.join(ROOT, `services/${s}/src/${s}.config.ts`), 'utf8'),
      ),
    ].join('\n');
    for (const name of [...Object.keys(config), ...Object.keys(secret)]) expect(sources).toContain(`${name}`);
  });
});

describe('infra/docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(ROOT, 'infra', 'docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as {
    services: Record<
      string,
      { command?: string[]; environment?: Record<string, unknown>; depends_on?: object }
    >;
  };

  it('runs the migrations, then the three services on their ports', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['kafka', 'postgres', 'migrate', 'listen', 'measure', 'act']),
    );
    const script = compose.services.migrate.command!.join(' ');
    for (const step of MIGRATIONS) expect(script).toContain(step);
    expectBuildable(script);
    for (const [svc, port] of Object.entries(SERVICES) as [Svc, number][]) {
      const s = compose.services[svc];
      expect(s.command).toEqual([`dist/services/${svc}/src/main.js`]);
      expectBuildable(s.command!.join(' '));
      expect(s.environment).toMatchObject({
        [`${svc.toUpperCase()}_PORT`]: port,
        KAFKA_BROKERS: 'kafka:19092',
        HOST: '0.0.0.0',
      });
      expect(s.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    }
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
