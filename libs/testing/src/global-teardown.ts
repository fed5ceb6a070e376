import { testOidcEnv } from './oidc';
import { localKafkaEnv, savedStack, sh } from './stack';

export default async function globalTeardown(): Promise<void> {
  if (process.env.CONTINUUM_TEST_STACK_DOWN === '1') return;
  process.env.CONTINUUM_TEST_STACK_DOWN = '1';
  const containers = globalThis.__continuumContainers ?? [];
  await Promise.all(containers.map((c) => c.stop()));
  if (process.env.CONTINUUM_TEST_KEEP_STACK === '1') return;
  if (savedStack()?.mode === 'local') sh('bash', ['infra/kafka/kafka.sh', 'stop'], localKafkaEnv());
  sh('bash', ['infra/oidc/oidc.sh', 'stop'], testOidcEnv());
}
