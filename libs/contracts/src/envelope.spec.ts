import { createEvent, fromBinary, toBinaryHeaders, EnvelopeError } from './envelope';
import { Topic } from './topics';
import type { MetricsUpdatedV1 } from './events';

const data: MetricsUpdatedV1 = {
  tenantId: 'acme',
  scope: { kind: 'touchpoint', id: 'checkout' },
  cycle: { length: 'day', start: '2026-11-23T00:00:00.000Z', end: '2026-11-24T00:00:00.000Z' },
  indicators: [{ indicator: 'nps/v1', n: 1, value: -100, ci: [-100, 10] }],
};

describe('CloudEvents binary mode', () => {
  it('round-trips through headers and a JSON value', () => {
    const sut = createEvent({
      type: Topic.MetricsUpdated,
      source: '/continuum/measure',
      tenantId: 'acme',
      subject: 's',
      data,
    });
    const back = fromBinary(toBinaryHeaders(sut), JSON.stringify(sut.data));
    expect(back).toEqual(sut);
    expect(sut.correlationId).toBe(sut.id);
  });

  it('inherits the correlation id and records the cause', () => {
    const cause = createEvent({ type: Topic.MetricsUpdated, source: '/a', tenantId: 'acme', data });
    const sut = createEvent({ type: Topic.MetricsUpdated, source: '/b', tenantId: 'acme', data, cause });
    expect(sut.correlationId).toBe(cause.id);
    expect(sut.causationId).toBe(cause.id);
    expect(toBinaryHeaders(sut)).toMatchObject({ ce_causationid: cause.id, ce_correlationid: cause.id });
  });

  it('names what is missing or wrong', () => {
    const h = toBinaryHeaders(
      createEvent({ type: Topic.MetricsUpdated, source: '/a', tenantId: 'acme', data }),
    );
    const { ce_tenantid: _t, ...noTenant } = h;
    expect(() => fromBinary(noTenant, '{}')).toThrow(
      new EnvelopeError('missing CloudEvents header ce_tenantid'),
    );
    expect(() => fromBinary({ ...h, ce_specversion: '0.3' }, '{}')).toThrow('unsupported ce_specversion 0.3');
    expect(() => fromBinary(h, '{oops')).toThrow('record value is not valid JSON');
  });
});
