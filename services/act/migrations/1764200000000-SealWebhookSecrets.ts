import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadConfig } from '@continuum/platform';
import { ActConfig } from '../src/act.config';
import { SecretBox } from '../src/webhooks/secret-box';

/**
 * Webhook secrets were stored in plain text: seal every one still plain under ACT_SECRET_KEY
 * (the development key outside production, as at run time). `down` opens them again.
 */
export class SealWebhookSecrets1764200000000 implements MigrationInterface {
  name = 'SealWebhookSecrets1764200000000';

  constructor(private readonly box: SecretBox = SecretBox.fromConfig(loadConfig(ActConfig))) {}

  async up(q: QueryRunner): Promise<void> {
    const rows = (await q.query(
      `SELECT id, secret FROM act.webhooks WHERE secret NOT LIKE 'enc:v1:%' FOR UPDATE`,
    )) as { id: string; secret: string }[];
    for (const r of rows)
      await q.query(`UPDATE act.webhooks SET secret = $2 WHERE id = $1`, [
        r.id,
        this.box.seal(r.secret, r.id),
      ]);
  }

  async down(q: QueryRunner): Promise<void> {
    const rows = (await q.query(
      `SELECT id, secret FROM act.webhooks WHERE secret LIKE 'enc:v1:%' FOR UPDATE`,
    )) as { id: string; secret: string }[];
    for (const r of rows)
      await q.query(`UPDATE act.webhooks SET secret = $2 WHERE id = $1`, [
        r.id,
        this.box.open(r.secret, r.id),
      ]);
  }
}
