import { redactCustomerData } from './redaction';

describe('redactCustomerData', () => {
  it('redacts customer fields wherever they are and cuts their values out of texts that quote them', () => {
    const sut = redactCustomerData({
      items: [
        {
          id: 'a-1',
          customerId: 'cust-42',
          dedupKey: 'followup:customer:cust-42',
          title: 'Call back customer cust-42',
          description: 'customer cust-42 said: Pessimo servizio',
          history: [{ actor: 'user:u1', comment: 'spoke to them' }],
          gap: { sampleComments: ['Attesa infinita'], n: 3 },
          customerIds: null,
        },
      ],
      total: 1,
    });
    expect(sut).toEqual({
      items: [
        {
          id: 'a-1',
          customerId: '[redacted]',
          dedupKey: 'followup:customer:[redacted]',
          title: 'Call back customer [redacted]',
          description: '[redacted]',
          history: [{ actor: 'user:u1', comment: '[redacted]' }],
          gap: { sampleComments: [], n: 3 },
          customerIds: null,
        },
      ],
      total: 1,
    });
  });

  it('leaves answers without customer data as they are', () => {
    const v = { items: [{ indicator: 'nps/v1', value: 30, scope: { kind: 'journey', id: '*' } }] };
    expect(redactCustomerData(v)).toEqual(v);
    expect(redactCustomerData(null)).toBeNull();
    expect(redactCustomerData('text')).toBe('text');
  });
});
