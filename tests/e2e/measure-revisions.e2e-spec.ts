/**
 * First-contact resolution through listen and measure: a customer's second call within the
 * repeat window makes the first one not resolved at first contact after all. listen publishes
 * that as cx.interaction.revised.v1; measure must take back the first call's "resolved" and count
 * it as not resolved, so the day's FCR is 1 of 2, not 2 of 2, and the repeat-contact rate 1 of 2.
 */
import { Topic } from '@continuum/contracts';
import { callService, e2eSuite, eventually, type RunningService } from '@continuum/testing';

jest.setTimeout(120_000);

const TENANT = 'acme-revisions';
const DAY = 86_400_000;
/** The start of the run's day (UTC), read in beforeAll: the calls are a few seconds into it. */
let today: number;
const at = (s: number) => new Date(today + s * 1000).toISOString();

const call = (svc: RunningService, method: string, path: string, body?: unknown) =>
  callService(svc, suite.key, method, path, body);

const callOf = (id: string, startSecond: number) => ({
  id,
  customerId: 'cust-rev-1',
  channel: 'voice',
  touchpoint: 'agent-call',
  outcome: 'handled',
  startedAt: at(startSecond),
  endedAt: at(startSecond + 1),
  resolved: true,
});

/** A day's value (a percentage for rates) and n of an indicator at the agent-call touchpoint, once measure has any. */
async function ofDay(indicator: string, dayStart: number): Promise<{ n: number; value: number } | null> {
  const res = await call(
    suite.measure,
    'GET',
    `/v1/indicators?scope=touchpoint:agent-call&indicator=${indicator}`,
  );
  expect(res.status).toBe(200);
  const item = (res.body.items as { cycle: { start: string }; n: number; value: number }[]).find(
    (i) => i.cycle.start === new Date(dayStart).toISOString(),
  );
  return item ? { n: item.n, value: item.value } : null;
}
const today_ = (indicator: string) => ofDay(indicator, today);

const suite = e2eSuite({
  tenants: [TENANT],
  record: [Topic.InteractionRevised],
  services: { listen: {}, measure: {} },
  cleanExit: true,
});
beforeAll(() => {
  today = Math.floor(Date.now() / DAY) * DAY;
});

it('counts the first call as resolved until the second call arrives, then as not resolved', async () => {
  expect((await call(suite.listen, 'POST', '/v1/interactions', callOf('rev-a', 1))).status).toBe(202);
  await eventually(async () => (await today_('fcr/rate/v1'))?.n === 1);
  expect(await today_('fcr/rate/v1')).toEqual({ n: 1, value: 100 });

  expect((await call(suite.listen, 'POST', '/v1/interactions', callOf('rev-b', 60))).status).toBe(202);
  // listen revised the first call...
  await eventually(
    async () =>
      suite.recorder.where((r) => r.headers.ce_tenantid === TENANT && r.headers.ce_subject === 'rev-a')
        .length === 1,
  );
  const revision = JSON.parse(
    suite.recorder.where((r) => r.headers.ce_tenantid === TENANT && r.headers.ce_subject === 'rev-a')[0]
      .value!,
  );
  expect(revision).toMatchObject({
    firstContactResolution: false,
    previous: { firstContactResolution: true, repeatContact: false },
  });
  // ...and measure counts it: one of the two calls resolved at first contact, one a repeat.
  await eventually(async () => (await today_('fcr/rate/v1'))?.value === 50);
  expect(await today_('fcr/rate/v1')).toEqual({ n: 2, value: 50 });
  expect(await today_('repeat-contact/rate/v1')).toEqual({ n: 2, value: 50 });

  // A resend changes nothing (listen deduplicates; measure claims each event once).
  expect((await call(suite.listen, 'POST', '/v1/interactions', callOf('rev-b', 60))).body.status).toBe(
    'duplicate',
  );
  // Marker: a call of another customer the day before, on the same partition (tenant and
  // touchpoint) behind anything the resend could have caused; once measure counted it, it has
  // seen everything before it.
  const marker = { ...callOf('rev-marker', 30 - DAY / 1000), customerId: 'cust-rev-marker' };
  expect((await call(suite.listen, 'POST', '/v1/interactions', marker)).status).toBe(202);
  await eventually(async () => (await ofDay('fcr/rate/v1', today - DAY))?.n === 1);
  expect(await today_('fcr/rate/v1')).toEqual({ n: 2, value: 50 });
});
