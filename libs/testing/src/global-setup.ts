import {
  buildAndMigrate,
  dockerAvailable,
  LOCAL_TEST_STACK,
  localKafkaEnv,
  saveStack,
  sh,
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
    mode: 'docker',
  };
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
  saveStack(stack);
  buildAndMigrate(stack);
  process.env.CONTINUUM_TEST_KAFKA_BROKERS = stack.kafkaBrokers;
  process.env.CONTINUUM_TEST_DATABASE_URL = stack.databaseUrl;
  process.env.CONTINUUM_TEST_STACK_UP = '1';
}
