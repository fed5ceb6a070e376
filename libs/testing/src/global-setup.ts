import { rmSync } from 'node:fs';
import { addOidcUsers, testOidcEnv, TEST_OIDC_USERS_FILE, usersOfTenant } from './oidc';
import {
  buildAndMigrate,
  dockerAvailable,
  LOCAL_TEST_STACK,
  localKafkaEnv,
  saveStack,
  sh,
  TEST_OIDC_ISSUER,
  testStack,
  type TestStack,
} from './stack';

interface Containers {
  stop(): Promise<unknown>;
}

declare global {
  var __continuumContainers: Containers[] | undefined;
}

async function startContainers(): Promise<TestStack> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const [kafka, pg] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
    new PostgreSqlContainer('postgres:15-alpine')
      .withDatabase('continuum_test')
      .withUsername('postgres')
      .start(),
  ]);
  globalThis.__continuumContainers = [kafka, pg];
  return {
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    databaseUrl: pg.getConnectionUri(),
    oidcIssuer: TEST_OIDC_ISSUER,
    mode: 'docker',
  };
}

/**
 * The run's own OpenID Provider (infra/oidc), restarted so it reads this run's users file: users
 * of every role for the fixed tenants `people` and `people-other`, and one of a tenant Continuum
 * does not know (`people-ghost`). Tests add users of their own tenants with `addOidcUsers`.
 */
function startOidcProvider(): void {
  rmSync(TEST_OIDC_USERS_FILE, { force: true });
  addOidcUsers(['people', 'people-other', 'people-ghost'].flatMap((t) => Object.values(usersOfTenant(t))));
  sh('bash', ['infra/oidc/oidc.sh', 'stop'], testOidcEnv());
  sh('bash', ['infra/oidc/oidc.sh', 'start'], testOidcEnv());
}

export default async function globalSetup(): Promise<void> {
  if (process.env.CONTINUUM_TEST_STACK_UP === '1') return; // another project of this run did it
  let stack: TestStack;
  if (process.env.CONTINUUM_TEST_KAFKA_BROKERS && process.env.CONTINUUM_TEST_DATABASE_URL) {
    stack = testStack();
  } else if (dockerAvailable()) {
    stack = await startContainers();
  } else {
    stack = LOCAL_TEST_STACK;
    sh('bash', ['infra/kafka/kafka.sh', 'reset'], localKafkaEnv());
    sh('bash', ['infra/kafka/kafka.sh', 'start'], localKafkaEnv());
    sh('bash', ['infra/postgres/postgres.sh', 'recreate', stack.databaseUrl]);
  }
  startOidcProvider();
  saveStack(stack);
  buildAndMigrate(stack);
  process.env.CONTINUUM_TEST_KAFKA_BROKERS = stack.kafkaBrokers;
  process.env.CONTINUUM_TEST_DATABASE_URL = stack.databaseUrl;
  process.env.CONTINUUM_TEST_STACK_UP = '1';
}
