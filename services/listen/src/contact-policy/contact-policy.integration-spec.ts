/**
 * Contact-policy decisions against the real schema: decisions about one customer are serialised by
 * a lock, and one that waited for the lock must see the contact the other recorded — even when its
 * clock was read before it started waiting (an earlier `now` than the contact it waited for).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { InvitationDto, validatePayload } from '@continuum/contracts';
import { createDataSource } from '@continuum/persistence';
import { testStack } from '@continuum/testing';
import { PseudonymsRepository } from '../pseudonyms/pseudonyms.repository';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service';
import { ContactPolicyRepository } from './contact-policy.repository';
import { ContactPolicyService } from './contact-policy.service';

jest.setTimeout(60_000);

const stack = testStack();
let ds: DataSource;
let policy: ContactPolicyService;

beforeAll(async () => {
  ds = await createDataSource({
    url: stack.databaseUrl,
    schema: 'listen',
    applicationName: 'contact-policy-integration-test',
    poolSize: 2,
  }).initialize();
  policy = new ContactPolicyService(
    new ContactPolicyRepository(ds),
    new PseudonymsService(ds, new PseudonymsRepository(ds)),
    ds,
  );
});

afterAll(async () => {
  await ds?.destroy();
});

function invitation(tenantId: string, id: string): { tenantId: string; dto: InvitationDto } {
  const v = validatePayload(InvitationDto, { id, customerId: 'k-1', channel: 'email' });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return { tenantId, dto: v.value };
}

it('a decision that read its clock before waiting still counts the contact decided while it waited', async () => {
  // The default policy allows one survey per channel in 7 days.
  const tenant = `policy-it-${Date.now().toString(36)}`;
  const first = await policy.recordInvitations([invitation(tenant, 'first')]);
  expect(first).toMatchObject([{ id: 'first', status: 'recorded' }]);
  // Its clock read 5 s ago, before the first decision took the lock and recorded its contact.
  const stale = new Date(Date.now() - 5_000);
  const second = await policy.recordInvitations([invitation(tenant, 'second')], stale);
  expect(second).toMatchObject([{ id: 'second', status: 'skipped', reason: 'policy:channel' }]);
});
