import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { BaseServiceConfig, IntSetting } from '@continuum/platform';

export class ActConfig extends BaseServiceConfig {
  @IntSetting(1, 65535)
  ACT_PORT = 3003;

  /** How often resolved actions and deliveries past their tenant's retention are cleared; 0 switches it off. */
  @IntSetting(0)
  ACT_RETENTION_INTERVAL_MS = 3_600_000;

  /** How often breached SLAs are escalated and ended verification cycles judged. */
  @IntSetting(50, 3_600_000)
  ACT_SLA_SCAN_INTERVAL_MS = 15_000;

  /** How often team digests that have come due are written (each at most once per period). */
  @IntSetting(50, 3_600_000)
  ACT_DIGEST_SCAN_INTERVAL_MS = 60_000;

  /** How often the webhook dispatcher looks for due deliveries (it is also woken on commit). */
  @IntSetting(50, 600_000)
  ACT_WEBHOOK_POLL_MS = 1000;

  /** First retry delay; each further attempt waits twice as long, up to ACT_WEBHOOK_BACKOFF_MAX_MS. */
  @IntSetting(10, 3_600_000)
  ACT_WEBHOOK_BACKOFF_MS = 5000;

  @IntSetting(10, 86_400_000)
  ACT_WEBHOOK_BACKOFF_MAX_MS = 3_600_000;

  /** Attempts before a delivery is marked failed. */
  @IntSetting(1, 50)
  ACT_WEBHOOK_MAX_ATTEMPTS = 12;

  @IntSetting(100, 120_000)
  ACT_WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * Lets webhooks go to loopback, private and link-local addresses (local receivers in tests and
   * the `npm start` demo). Off by default: a subscription may only name public addresses.
   */
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'ACT_WEBHOOK_ALLOW_PRIVATE must be true or false' })
  ACT_WEBHOOK_ALLOW_PRIVATE = false;

  /**
   * The key webhook secrets are encrypted under at rest (AES-256-GCM): 32 random bytes, base64
   * (`openssl rand -base64 32`). Required when NODE_ENV is production; elsewhere a development key
   * is used, with a warning at boot.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'ACT_SECRET_KEY must be 32 bytes, base64 (e.g. `openssl rand -base64 32`)',
  })
  ACT_SECRET_KEY?: string;

  /**
   * The SMTP server team e-mails go through, e.g. `smtp://user:pass@mail.example.com:587`
   * (`smtps://` for implicit TLS). Without it, e-mail channels are refused.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'ACT_SMTP_URL must be an smtp:// or smtps:// URL' })
  ACT_SMTP_URL?: string;

  /** The sender of team e-mails. */
  @IsString()
  @MaxLength(320)
  ACT_SMTP_FROM = 'Continuum <continuum@localhost>';

  /** The console's public base URL: notifications link to actions in it. */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'ACT_CONSOLE_URL must be an http(s) URL' })
  ACT_CONSOLE_URL = 'http://127.0.0.1:3000';

  @IsOptional()
  @IsIn(['production', 'development', 'test'])
  NODE_ENV?: 'production' | 'development' | 'test';
}
