import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { BaseServiceConfig, IntSetting, SecretSetting } from '@continuum/platform';

export class ListenConfig extends BaseServiceConfig {
  @IntSetting(1, 65535)
  LISTEN_PORT = 3001;

  /** Journey maps applied at start-up: `tenant=path.yaml[,tenant=path.yaml]`. */
  @IsOptional()
  @IsString()
  LISTEN_JOURNEY_FILES?: string;

  /** How often the retention job deletes what each tenant's retention no longer allows (0: never). */
  @IntSetting(0)
  LISTEN_RETENTION_INTERVAL_MS = 3_600_000;

  /** How often raw topics lose the records listen has committed (DeleteRecords; 0: never). */
  @IntSetting(0)
  LISTEN_RAW_PURGE_INTERVAL_MS = 60_000;

  /** Where survey invitations are sent from: `smtp://host:port` (or smtps://user:pass@host). None: nothing is sent. */
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'LISTEN_SMTP_URL must be an smtp:// or smtps:// URL' })
  LISTEN_SMTP_URL?: string;

  @IsString()
  LISTEN_MAIL_FROM = 'Continuum surveys <surveys@continuum.invalid>';

  /**
   * The SMS gateway invitations with `channel: sms` are posted to: a Twilio-style Messages endpoint
   * (`https://api.twilio.com/2010-04-01/Accounts/<sid>/Messages.json`). None: SMS invitations wait.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s@]+$/, {
    message:
      'LISTEN_SMS_GATEWAY_URL must be an http(s) URL without credentials (they go in LISTEN_SMS_USERNAME/PASSWORD)',
  })
  LISTEN_SMS_GATEWAY_URL?: string;

  /** Basic-auth user of the gateway (Twilio: the account SID). */
  @IsOptional()
  @IsString()
  LISTEN_SMS_USERNAME?: string;

  /** Basic-auth password of the gateway (Twilio: the auth token). */
  @IsOptional()
  @IsString()
  LISTEN_SMS_PASSWORD?: string;

  /** The sender: a phone number in E.164 form or an alphanumeric sender id. */
  @IsString()
  LISTEN_SMS_FROM = 'Continuum';

  /** Lets the gateway be on a private address (a local relay, tests); off: public addresses only (SSRF guard). */
  @IsIn(['true', 'false'])
  LISTEN_SMS_ALLOW_PRIVATE = 'false';

  /** How often due invitations are looked for. */
  @IntSetting(50, 600_000)
  LISTEN_INVITATION_POLL_MS = 1000;

  /** The secret survey links are signed with (collect verifies them with the same). */
  @SecretSetting(32)
  COLLECT_TOKEN_SECRET?: string;

  /** The public base URL of collect's survey pages, as customers reach it. */
  @Matches(/^https?:\/\/[^/\s]+$/, { message: 'COLLECT_PUBLIC_URL must be an http(s) origin without a path' })
  COLLECT_PUBLIC_URL = 'http://127.0.0.1:3004';
}
