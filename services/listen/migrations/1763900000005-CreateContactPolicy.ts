import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateContactPolicy1763900000005 implements MigrationInterface {
  name = 'CreateContactPolicy1763900000005';

  async up(q: QueryRunner): Promise<void> {
    // Survey contacts: invitations reported by integrators and feedback received, per customer.
    await q.query(`CREATE TABLE listen.survey_contacts (
      tenant_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('invitation', 'feedback')),
      id text NOT NULL,
      customer_id text NOT NULL,
      channel text,
      at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, kind, id)
    )`);
    await q.query(
      `CREATE INDEX survey_contacts_customer ON listen.survey_contacts (tenant_id, customer_id, at DESC)`,
    );
    await q.query(`CREATE TABLE listen.contact_policies (
      tenant_id text PRIMARY KEY,
      rules jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE listen.contact_policies`);
    await q.query(`DROP TABLE listen.survey_contacts`);
  }
}
