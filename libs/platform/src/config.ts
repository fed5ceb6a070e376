/**
 * Configuration is read from the environment once, at boot, into a validated class; nothing
 * else reads `process.env`. A bad value stops the service with every problem named.
 */
import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Type, type ClassConstructor } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/** A secret that a service's commands may run without (so optional), of at least `minLength` characters. */
export function SecretSetting(minLength: number) {
  return applyDecorators(
    IsString(),
    MinLength(minLength, {
      message: ({ property }) => `${property} must be at least ${minLength} characters`,
    }),
    IsOptional(),
  );
}

/** A whole-number setting: at least `min`, and at most `max` when given. */
export function IntSetting(min: number, max?: number) {
  return numberSetting(IsInt(), min, max);
}

/** A decimal setting within `min`…`max`. */
export function DecimalSetting(min: number, max: number) {
  return numberSetting(IsNumber(), min, max);
}

function numberSetting(kind: PropertyDecorator, min: number, max?: number) {
  // Bottom-up, as stacked `@Type @IsInt @Min @Max` apply: a bad value's problems keep their order.
  return applyDecorators(
    ...(max === undefined ? [] : [Max(max)]),
    Min(min),
    kind,
    Type(() => Number),
  );
}

export class BaseServiceConfig {
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/continuum';

  /** Where HTTP listens: loopback on a workstation, 0.0.0.0 in a container. */
  @IsString()
  HOST = '127.0.0.1';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** Production clusters: `plain`, `scram-sha-256` or `scram-sha-512`, with the two below. */
  @IsOptional()
  @IsIn(['plain', 'scram-sha-256', 'scram-sha-512'])
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512';

  @IsOptional()
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  KAFKA_SSL?: 'true' | 'false';

  /** Replicas per topic when the service creates missing topics: 1 locally, 3 on a cluster. */
  @IntSetting(1, 5)
  KAFKA_REPLICATION_FACTOR = 1;

  @IntSetting(1, 100)
  DATABASE_POOL_SIZE = 10;

  /** How often a service deletes the processed-event claims its topics no longer need (0: never). */
  @IntSetting(0)
  CLAIMS_PRUNE_INTERVAL_MS = 3_600_000;

  /** Requests per second per API key (token bucket), and the burst it allows. */
  @IntSetting(1)
  RATE_LIMIT_PER_SECOND = 200;

  @IntSetting(1)
  RATE_LIMIT_BURST = 400;

  /** Ingest answers 503 past this many requests in flight… */
  @IntSetting(1)
  MAX_INFLIGHT_REQUESTS = 64;

  /** …or past this many events waiting in the outbox. */
  @IntSetting(1)
  OUTBOX_BACKLOG_LIMIT = 200_000;

  /**
   * People's bearer tokens: the OpenID issuer whose access tokens (JWT) are accepted besides API
   * keys, exactly as its tokens' `iss` says. Unset: API keys only.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'AUTH_ISSUER must be an http(s) URL' })
  AUTH_ISSUER?: string;

  /** The audience (`aud`) the tokens must be for: Continuum's API resource. */
  @IsString()
  AUTH_AUDIENCE = 'urn:continuum:api';

  /** The claims that carry the tenant id, the groups and the display name. */
  @Matches(/^[\w.:/-]+$/, { message: 'AUTH_TENANT_CLAIM must be a claim name' })
  AUTH_TENANT_CLAIM = 'tenant';

  @Matches(/^[\w.:/-]+$/, { message: 'AUTH_GROUPS_CLAIM must be a claim name' })
  AUTH_GROUPS_CLAIM = 'groups';

  @Matches(/^[\w.:/-]+$/, { message: 'AUTH_NAME_CLAIM must be a claim name' })
  AUTH_NAME_CLAIM = 'name';

  /** IdP group → role, `group=role[,group=role…]`; roles: viewer, agent, manager, admin. */
  @Matches(
    /^(\s*[^,=]+=\s*(viewer|agent|manager|admin)\s*)(,\s*[^,=]+=\s*(viewer|agent|manager|admin)\s*)*$/,
    {
      message: 'AUTH_GROUP_ROLES must be group=role[,group=role…] with roles viewer, agent, manager, admin',
    },
  )
  AUTH_GROUP_ROLES =
    'continuum-viewers=viewer,continuum-agents=agent,continuum-managers=manager,continuum-admins=admin';

  /** IdP group → journey-map team, `group=team[,…]` (e.g. Entra group object ids). */
  @IsOptional()
  @Matches(/^(\s*[^,=]+=[^,=]+)(,\s*[^,=]+=[^,=]+)*$/, {
    message: 'AUTH_GROUP_TEAMS must be group=team[,group=team…]',
  })
  AUTH_GROUP_TEAMS?: string;

  /** Groups named `<prefix><team>` make their members part of that team; empty: none. */
  @IsString()
  AUTH_TEAM_GROUP_PREFIX = 'team:';

  /** Where roles and teams come from: the token's groups, Continuum's user directory, or both (united). */
  @IsIn(['groups', 'directory', 'both'])
  AUTH_MEMBERSHIP: 'groups' | 'directory' | 'both' = 'both';

  @IntSetting(0, 300)
  AUTH_CLOCK_SKEW_SECONDS = 30;

  /**
   * Whose X-Forwarded-For to believe for the client address the audit trail records (Express's
   * `trust proxy`): `loopback` (the console on the same host), a list of addresses, or `false`.
   */
  @IsString()
  TRUST_PROXY = 'loopback';

  /**
   * The public key (PEM) of whoever may replay dead letters: originals are kept only sealed under
   * it. Unset: dead letters keep the redacted copy alone and cannot be replayed.
   */
  @IsOptional()
  @Matches(/-----BEGIN PUBLIC KEY-----/, { message: 'DLQ_SEAL_PUBLIC_KEY must be a PEM public key' })
  DLQ_SEAL_PUBLIC_KEY?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig<T extends object>(
  cls: ClassConstructor<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const known = Object.keys(new (cls as new () => T)());
  const picked = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => v !== undefined && v !== '' && known.includes(k)),
  );
  const config = plainToInstance(cls, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
