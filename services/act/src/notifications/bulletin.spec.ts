import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  ADAPTIVE_CARD_SCHEMA,
  SLACK_MESSAGE_SCHEMA,
  TEAMS_MESSAGE_SCHEMA,
  type ActionView,
} from '@continuum/contracts';
import {
  digestOf,
  emailOfBulletin,
  renderBulletin,
  slackOfBulletin,
  teamsOfBulletin,
  testMessageOf,
} from './bulletin';
import { actionViewOf } from '../testing/action-view';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(ADAPTIVE_CARD_SCHEMA);
const slackValid = ajv.compile(SLACK_MESSAGE_SCHEMA);
const teamsValid = ajv.compile(TEAMS_MESSAGE_SCHEMA);

function actionOf(n: number, over: Partial<ActionView> = {}): ActionView {
  return actionViewOf({
    id: `5b0c3e8e-4c1a-4f3e-9d61-${String(n).padStart(12, '0')}`,
    dedupKey: `k${n}`,
    title: `nps/v1 fell at touchpoint desk-${n}`,
    description: 'evidence',
    priority: 'high',
    touchpoint: `desk-${n}`,
    dueAt: '2026-03-02T14:30:00.000Z',
    createdAt: '2026-03-01T14:30:00.000Z',
    updatedAt: '2026-03-01T14:30:00.000Z',
    escalationChain: [],
    gapKey: null,
    scope: { kind: 'touchpoint', id: `desk-${n}` },
    ...over,
  });
}

const input = (over: Partial<Parameters<typeof digestOf>[0]> = {}): Parameters<typeof digestOf>[0] => ({
  team: 'payments',
  schedule: { every: 'day', at: '08:00' },
  timeZone: 'Europe/Rome',
  now: new Date('2026-03-02T07:00:00.000Z'),
  overdue: [actionOf(1, { dueAt: '2026-03-01T10:00:00.000Z' })],
  open: [actionOf(2)],
  verified: [actionOf(3, { status: 'verified', verifiedAt: '2026-03-01T18:00:00.000Z' })],
  counts: { overdue: 1, open: 1, verified: 1 },
  consoleUrl: 'https://cx.example.com/',
  ...over,
});

describe(digestOf.name, () => {
  const sut = digestOf(input());

  it('lists overdue, open and newly verified actions with deep links, in local time', () => {
    expect(sut.headline).toBe('Daily digest for payments');
    expect(sut.intro).toBe('2026-03-02 08:00 Europe/Rome: 1 overdue, 1 open, 1 newly verified.');
    expect(sut.sections.map((s) => s.heading)).toEqual(['Overdue (1)', 'Open (1)', 'Newly verified (1)']);
    expect(sut.sections[0].items[0]).toEqual({
      title: 'nps/v1 fell at touchpoint desk-1',
      detail: 'due 2026-03-01 11:00 Europe/Rome, high, open',
      link: 'https://cx.example.com/#/actions?id=5b0c3e8e-4c1a-4f3e-9d61-000000000001',
    });
    expect(sut.sections[2].items[0].detail).toBe('verified 2026-03-01 19:00 Europe/Rome');
    const mail = emailOfBulletin(sut, ['ops@example.com']);
    expect(mail.subject).toBe('[Continuum] Daily digest for payments');
    for (const a of [1, 2, 3]) {
      expect(mail.text).toContain(`desk-${a}`);
      expect(mail.html).toContain(
        `href="https://cx.example.com/#/actions?id=5b0c3e8e-4c1a-4f3e-9d61-00000000000${a}"`,
      );
    }
  });

  it('renders as Block Kit and an Adaptive Card valid against the vendor subsets', () => {
    for (const b of [sut, testMessageOf('payments', 'digest', 'https://cx.example.com', new Date(0))]) {
      const slack = JSON.parse(renderBulletin('slack', b, [])) as unknown;
      expect(slackValid(slack) ? [] : slackValid.errors).toEqual([]);
      const teams = JSON.parse(renderBulletin('teams', b, [])) as unknown;
      expect(teamsValid(teams) ? [] : teamsValid.errors).toEqual([]);
    }
  });

  it('cuts long lists to what the limits allow, counting the rest', () => {
    const many = Array.from({ length: 60 }, (_, i) => actionOf(i, { title: `${'t'.repeat(300)} ${i}` }));
    const big = digestOf(input({ open: many, counts: { overdue: 1, open: 75, verified: 1 } }));
    expect(big.sections[1]).toMatchObject({ heading: 'Open (75)', more: 55 });
    expect(big.sections[1].items).toHaveLength(20);
    const slack = slackOfBulletin(big) as { blocks: { text?: { text: string } }[] };
    expect(slackValid(slack) ? [] : slackValid.errors).toEqual([]);
    expect(slack.blocks[3].text!.text).toMatch(/_and \d+ more_$/);
    expect(teamsValid(teamsOfBulletin(big)) ? [] : teamsValid.errors).toEqual([]);
    expect(emailOfBulletin(big, []).text).toContain('and 55 more');
  });

  it('escapes HTML in e-mail and control characters in Slack', () => {
    const b = digestOf(input({ open: [actionOf(9, { title: '<b>x</b> & co' })] }));
    expect(emailOfBulletin(b, []).html).not.toContain('<b>x</b>');
    expect(JSON.stringify(slackOfBulletin(b))).toContain('&lt;b&gt;x&lt;/b&gt; &amp; co');
    // A title with brackets cannot end the card's markdown link early.
    const card = JSON.stringify(
      teamsOfBulletin(digestOf(input({ open: [actionOf(9, { title: 'a] (b' })] }))),
    );
    expect(card).toContain('[a) (b](');
  });
});
