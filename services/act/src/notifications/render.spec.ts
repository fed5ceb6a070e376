import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { deepLink, emailOf, evidenceLine, messageOf, renderPayload, slackOf, teamsOf } from './render';
import { ADAPTIVE_CARD_SCHEMA, SLACK_MESSAGE_SCHEMA, TEAMS_MESSAGE_SCHEMA } from '@continuum/contracts';
import { actionViewOf } from '../testing/action-view';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(ADAPTIVE_CARD_SCHEMA);
const slackValid = ajv.compile(SLACK_MESSAGE_SCHEMA);
const teamsValid = ajv.compile(TEAMS_MESSAGE_SCHEMA);

describe('notification rendering', () => {
  const sut = messageOf({
    event: 'action.opened',
    action: actionViewOf(),
    comment: null,
    consoleUrl: 'https://cx.example.com/',
  });

  it('names the action, its evidence in one line, its due time and a deep link', () => {
    expect(sut).toMatchObject({
      headline: 'New action for payments',
      title: 'nps/v1 fell by -20 at touchpoint checkout',
      evidence: 'nps/v1 at touchpoint checkout is 10 (n=380) against the previous cycle 30',
      due: '2026-12-06 14:30 UTC',
      link: 'https://cx.example.com/#/actions?id=5b0c3e8e-4c1a-4f3e-9d61-0d4c0b8d5a11',
    });
    const mail = emailOf(sut, ['ops@example.com']);
    expect(mail.subject).toBe(
      '[Continuum] New action for payments: nps/v1 fell by -20 at touchpoint checkout',
    );
    for (const s of [sut.evidence, sut.due, sut.link]) {
      expect(mail.text).toContain(s);
      expect(mail.html).toContain(s);
    }
  });

  it('escapes HTML in e-mails and control characters in Slack mrkdwn', () => {
    const m = messageOf({
      event: 'action.escalated',
      action: actionViewOf({ title: '<script>x</script> & co', owner: 'care-lead' }),
      comment: 'SLA breached',
      consoleUrl: 'http://c',
    });
    expect(emailOf(m, []).html).not.toContain('<script>');
    expect(JSON.stringify(slackOf(m))).toContain('&lt;script&gt;x&lt;/script&gt; &amp; co');
    expect(m.headline).toBe('Escalated to care-lead (SLA breached)');
  });

  it('keeps the evidence to one line of at most 280 characters', () => {
    expect(evidenceLine('')).toBe('no evidence recorded');
    expect(evidenceLine(`${'x'.repeat(400)}\nmore`)).toHaveLength(280);
    expect(deepLink('http://c//', 'a b')).toBe('http://c/#/actions?id=a%20b');
  });

  it.each([
    'action.opened',
    'action.escalated',
    'action.sla-warning',
    'action.reopened',
    'action.verified',
  ] as const)('renders %s as a Block Kit message valid against the Block Kit subset', (event) => {
    const m = messageOf({
      event,
      action: actionViewOf(),
      comment: 'why',
      consoleUrl: 'https://cx.example.com',
    });
    const body = JSON.parse(renderPayload('slack', m, [])) as unknown;
    expect(slackValid(body) ? [] : slackValid.errors).toEqual([]);
    const teams = JSON.parse(renderPayload('teams', m, [])) as unknown;
    expect(teamsValid(teams) ? [] : teamsValid.errors).toEqual([]);
  });

  it('stays within the limits with very long titles and owners', () => {
    const m = messageOf({
      event: 'action.opened',
      action: actionViewOf({
        title: 't'.repeat(5000),
        owner: 'o'.repeat(100),
        description: 'd'.repeat(9000),
      }),
      comment: 'c'.repeat(9000),
      consoleUrl: 'https://cx.example.com',
    });
    expect(slackValid(slackOf(m)) ? [] : slackValid.errors).toEqual([]);
    expect(teamsValid(teamsOf(m)) ? [] : teamsValid.errors).toEqual([]);
  });

  it('the schemas can fail: an over-long header, an unknown block field, a card without version', () => {
    const slack = slackOf(sut) as { blocks: Record<string, unknown>[] };
    const longHeader = {
      ...slack,
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
    };
    expect(slackValid(longHeader)).toBe(false);
    expect(slackValid({ ...slack, blocks: [{ ...slack.blocks[1], colour: 'red' }] })).toBe(false);
    expect(slackValid({ ...slack, blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).toBe(
      false,
    );
    const card = (teamsOf(sut) as { attachments: { content: Record<string, unknown> }[] }).attachments[0]
      .content;
    const { version: _, ...noVersion } = card;
    expect(ajv.validate(ADAPTIVE_CARD_SCHEMA.$id as string, noVersion)).toBe(false);
    expect(ajv.validate(ADAPTIVE_CARD_SCHEMA.$id as string, { ...card, body: [{ type: 'TextBlock' }] })).toBe(
      false,
    );
    expect(ajv.validate(ADAPTIVE_CARD_SCHEMA.$id as string, card)).toBe(true);
  });
});
