/**
 * Messages about several actions at once — a team's digest — and a channel's test message, for
 * each channel kind: e-mail (text and HTML), Slack Block Kit, a Teams Adaptive Card 1.5. Pure,
 * rendered when the delivery is written (every retry sends the same bytes).
 */
import type { ActionView } from '@continuum/contracts';
import type { ChannelKind } from './channels.dto';
import { formatLocal, type DigestSchedule } from './digest-schedule';
import {
  adaptiveCardMessage,
  clip,
  deepLink,
  escapeHtml,
  escapeMrkdwn,
  payloadOf,
  type EmailPayload,
} from './render';

export interface BulletinItem {
  readonly title: string;
  readonly detail: string;
  readonly link: string;
}

export interface BulletinSection {
  readonly heading: string;
  readonly items: readonly BulletinItem[];
  /** Items left out of `items` (the console lists them all). */
  readonly more: number;
}

export interface Bulletin {
  readonly headline: string;
  readonly intro: string;
  readonly sections: readonly BulletinSection[];
  readonly link: string;
  readonly linkLabel: string;
}

/** Actions listed per section; the rest are counted ("and 12 more"). */
export const DIGEST_ITEMS = 20;

export interface DigestInput {
  readonly team: string;
  readonly schedule: DigestSchedule;
  readonly timeZone: string;
  readonly now: Date;
  readonly overdue: readonly ActionView[];
  readonly open: readonly ActionView[];
  readonly verified: readonly ActionView[];
  /** Totals when the lists were cut (the query reads at most a few more than are listed). */
  readonly counts: { readonly overdue: number; readonly open: number; readonly verified: number };
  readonly consoleUrl: string;
}

export function digestOf(d: DigestInput): Bulletin {
  const at = (iso: string) => `${formatLocal(new Date(iso), d.timeZone)} ${d.timeZone}`;
  const section = (
    heading: string,
    actions: readonly ActionView[],
    total: number,
    detail: (a: ActionView) => string,
  ): BulletinSection => {
    const items = actions.slice(0, DIGEST_ITEMS).map((a) => ({
      title: clip(a.title, 200),
      detail: detail(a),
      link: deepLink(d.consoleUrl, a.id),
    }));
    return { heading: `${heading} (${total})`, items, more: total - items.length };
  };
  const { counts: n } = d;
  return {
    headline: clip(`${d.schedule.every === 'day' ? 'Daily' : 'Weekly'} digest for ${d.team}`, 150),
    intro: `${formatLocal(d.now, d.timeZone)} ${d.timeZone}: ${n.overdue} overdue, ${n.open} open, ${n.verified} newly verified.`,
    sections: [
      section('Overdue', d.overdue, n.overdue, (a) => `due ${at(a.dueAt)}, ${a.priority}, ${a.status}`),
      section('Open', d.open, n.open, (a) => `due ${at(a.dueAt)}, ${a.priority}, ${a.status}`),
      section('Newly verified', d.verified, n.verified, (a) => `verified ${at(a.verifiedAt ?? a.updatedAt)}`),
    ],
    link: `${d.consoleUrl.replace(/\/+$/, '')}/#/actions?owner=${encodeURIComponent(d.team)}`,
    linkLabel: 'Open the team’s actions',
  };
}

/** What `POST /v1/teams/:team/channels/test` sends: proof that the channel reaches the team. */
export function testMessageOf(team: string, mode: string, consoleUrl: string, now: Date): Bulletin {
  return {
    headline: clip(`Test message for ${team}`, 150),
    intro: `This channel receives Continuum notifications for ${team} (${mode}). Sent on request at ${now.toISOString()}.`,
    sections: [],
    link: `${consoleUrl.replace(/\/+$/, '')}/#/actions?owner=${encodeURIComponent(team)}`,
    linkLabel: 'Open the team’s actions',
  };
}

export function emailOfBulletin(b: Bulletin, to: readonly string[]): EmailPayload {
  const text = [
    b.headline,
    '',
    b.intro,
    ...b.sections.flatMap((s) => [
      '',
      s.heading,
      ...(s.items.length === 0 ? ['  none'] : s.items.map((i) => `- ${i.title} (${i.detail})\n  ${i.link}`)),
      ...(s.more > 0 ? [`  and ${s.more} more`] : []),
    ]),
    '',
    `${b.linkLabel}: ${b.link}`,
  ].join('\n');
  const html = [
    `<p><strong>${escapeHtml(b.headline)}</strong></p>`,
    `<p>${escapeHtml(b.intro)}</p>`,
    ...b.sections.flatMap((s) => [
      `<h3>${escapeHtml(s.heading)}</h3>`,
      s.items.length === 0
        ? '<p>none</p>'
        : `<ul>${s.items.map((i) => `<li><a href="${escapeHtml(i.link)}">${escapeHtml(i.title)}</a> (${escapeHtml(i.detail)})</li>`).join('')}</ul>`,
      ...(s.more > 0 ? [`<p>and ${s.more} more</p>`] : []),
    ]),
    `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.linkLabel)}</a></p>`,
  ].join('\n');
  return { to, subject: clip(`[Continuum] ${b.headline}`, 250), text, html };
}

/** Lines within Slack's 3,000 characters a section: whole lines, the rest counted. */
function fitLines(lines: readonly string[], more: number, max = 2900): string {
  const kept: string[] = [];
  let size = 0;
  for (const l of lines) {
    if (size + l.length + 1 > max) break;
    kept.push(l);
    size += l.length + 1;
  }
  const left = lines.length - kept.length + more;
  return [...kept, ...(left > 0 ? [`_and ${left} more_`] : [])].join('\n');
}

export function slackOfBulletin(b: Bulletin): Record<string, unknown> {
  return {
    text: clip(`${b.headline}: ${b.intro}`, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(b.headline, 150), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(b.intro), 3000) } },
      ...b.sections.map((s) => ({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${escapeMrkdwn(clip(s.heading, 80))}*\n${
            s.items.length === 0
              ? '_none_'
              : fitLines(
                  s.items.map(
                    (i) => `• <${i.link}|${escapeMrkdwn(clip(i.title, 150))}> — ${escapeMrkdwn(i.detail)}`,
                  ),
                  s.more,
                )
          }`,
        },
      })),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: clip(b.linkLabel, 75), emoji: false },
            url: b.link,
            action_id: 'open-actions',
          },
        ],
      },
    ],
  };
}

/** Adaptive Card markdown link text: brackets would end it early. */
const cardLinkText = (s: string) => s.replace(/[[\]]/g, (c) => (c === '[' ? '(' : ')'));

export function teamsOfBulletin(b: Bulletin): Record<string, unknown> {
  return adaptiveCardMessage(
    [
      { type: 'TextBlock', text: b.headline, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: b.intro, wrap: true },
      ...b.sections.flatMap((s) => [
        { type: 'TextBlock', text: s.heading, weight: 'Bolder', wrap: true, separator: true },
        ...(s.items.length === 0
          ? [{ type: 'TextBlock', text: 'none', wrap: true, isSubtle: true }]
          : s.items.map((i) => ({
              type: 'TextBlock',
              text: `[${cardLinkText(i.title)}](${i.link}) — ${i.detail}`,
              wrap: true,
            }))),
        ...(s.more > 0
          ? [{ type: 'TextBlock', text: `and ${s.more} more`, wrap: true, isSubtle: true }]
          : []),
      ]),
    ],
    { title: b.linkLabel, url: b.link },
  );
}

export function renderBulletin(kind: ChannelKind, b: Bulletin, to: readonly string[]): string {
  return payloadOf(kind, {
    email: () => emailOfBulletin(b, to),
    slack: () => slackOfBulletin(b),
    teams: () => teamsOfBulletin(b),
  });
}
