import { BaseServiceConfig, IntSetting, SecretSetting } from '@continuum/platform';

export class CollectConfig extends BaseServiceConfig {
  @IntSetting(1, 65535)
  COLLECT_PORT = 3004;

  /** The secret listen signs invitation links with (the same value in both services); required to serve. */
  @SecretSetting(32)
  COLLECT_TOKEN_SECRET?: string;

  /** Requests one survey link (page views and answers) may take per window. */
  @IntSetting(1)
  COLLECT_RATE_PER_TOKEN = 20;

  /** Requests one client address may make to survey pages and the widget per window. */
  @IntSetting(1)
  COLLECT_RATE_PER_ADDRESS = 300;

  @IntSetting(1, 3600)
  COLLECT_RATE_WINDOW_SECONDS = 60;

  /** The token secret, which serving `what` requires (optional in the config so `main.js migrate` runs without it). */
  tokenSecret(what: string): string {
    if (!this.COLLECT_TOKEN_SECRET) throw new Error(`COLLECT_TOKEN_SECRET is required to serve ${what}`);
    return this.COLLECT_TOKEN_SECRET;
  }
}
