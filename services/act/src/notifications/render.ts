/**
 * What a team is told, per channel kind: an e-mail (text and HTML), a Slack Block Kit message, a
 * Teams workflow message carrying an Adaptive Card 1.5. Each names the action, its evidence in one
 * line, its due time and a deep link into the console. Pure: the payload is rendered when the
 * delivery is written, so every retry sends the same bytes.
 */
import type { ActionView } from '@continuum/contracts';
import type { ChannelKind, NotifyEvent } from './channels.dto';

export interface NotificationInput {
  readonly event: NotifyEvent;
  readonly action: ActionView;
  /** The change's comment (e.g. why it was escalated or reopened). */
  readonly comment: string | null;
  /** The console's base URL, e.g. `https://cx.example.com`. */
  readonly consoleUrl: string;
}

export interface Message {
  readonly headline: string;
  readonly title: string;
  readonly evidence: string;
  readonly owner: string;
  readonly priority: string;
  readonly status: string;
  readonly dueAt: string;
  readonly due: string;
  readonly link: string;
  readonly note: string | null;
}

export interface EmailPayload {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** The first line of the description with text in it: the evidence, in one line. */
export function evidenceLine(description: string): string {
  const line = description
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return clip(line ?? 'no evidence recorded', 280);
}

/** `2026-12-05 14:30 UTC` */
export function formatDue(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function deepLink(consoleUrl: string, actionId: string): string {
  return `${consoleUrl.replace(/\/+$/, '')}/#/actions?id=${encodeURIComponent(actionId)}`;
}

function headline(event: NotifyEvent, a: ActionView): string {
  switch (event) {
    case 'action.opened':
      return `New action for ${a.owner}`;
    case 'action.escalated':
      return `Escalated to ${a.owner} (SLA breached)`;
    case 'action.sla-warning':
      return `SLA about to breach: due ${formatDue(a.dueAt)}`;
    case 'action.reopened':
      return 'Reopened: verification failed';
    case 'action.verified':
      return 'Verified: the gap closed';
  }
}

export function messageOf(input: NotificationInput): Message {
  const a = input.action;
  return {
    headline: headline(input.event, a),
    title: clip(a.title, 200),
    evidence: evidenceLine(a.description),
    owner: a.owner,
    priority: a.priority,
    status: a.status,
    dueAt: a.dueAt,
    due: formatDue(a.dueAt),
    link: deepLink(input.consoleUrl, a.id),
    note: input.comment ? clip(input.comment, 500) : null,
  };
}

export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Slack mrkdwn treats these three as control characters. */
export const escapeMrkdwn = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function emailOf(m: Message, to: readonly string[]): EmailPayload {
  const facts: [string, string][] = [
    ['Evidence', m.evidence],
    ['Owner', m.owner],
    ['Priority', m.priority],
    ['Status', m.status],
    ['Due', m.due],
  ];
  const text = [
    m.headline,
    '',
    m.title,
    '',
    ...facts.map(([k, v]) => `${k}: ${v}`),
    ...(m.note ? ['', m.note] : []),
    '',
    `Open in the console: ${m.link}`,
  ].join('\n');
  const html = [
    `<p><strong>${escapeHtml(m.headline)}</strong></p>`,
    `<h2>${escapeHtml(m.title)}</h2>`,
    `<table>${facts.map(([k, v]) => `<tr><th align="left">${k}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
    ...(m.note ? [`<p>${escapeHtml(m.note)}</p>`] : []),
    `<p><a href="${escapeHtml(m.link)}">Open in the console</a></p>`,
  ].join('\n');
  return { to, subject: clip(`[Continuum] ${m.headline}: ${m.title}`, 250), text, html };
}

/** A Block Kit message for a Slack incoming webhook (limits from Slack's block reference). */
export function slackOf(m: Message): Record<string, unknown> {
  return {
    text: clip(`${m.headline}: ${m.title} (due ${m.due})`, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(m.headline, 150), emoji: false } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: clip(`*${escapeMrkdwn(m.title)}*\n${escapeMrkdwn(m.evidence)}`, 3000) },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Owner*\n${escapeMrkdwn(m.owner)}` },
          { type: 'mrkdwn', text: `*Priority*\n${m.priority}` },
          { type: 'mrkdwn', text: `*Status*\n${m.status}` },
          { type: 'mrkdwn', text: `*Due*\n${m.due}` },
        ],
      },
      ...(m.note
        ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(m.note), 3000) }] }]
        : []),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open in the console', emoji: false },
            url: m.link,
            action_id: 'open-action',
          },
        ],
      },
    ],
  };
}

/** A Teams workflow webhook message: one Adaptive Card 1.5 attachment with these blocks and one link. */
export function adaptiveCardMessage(
  body: readonly Record<string, unknown>[],
  link: { readonly title: string; readonly url: string },
): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.5',
          body,
          actions: [{ type: 'Action.OpenUrl', title: link.title, url: link.url }],
        },
      },
    ],
  };
}

export function teamsOf(m: Message): Record<string, unknown> {
  return adaptiveCardMessage(
    [
      { type: 'TextBlock', text: m.headline, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: m.title, wrap: true },
      { type: 'TextBlock', text: m.evidence, wrap: true, isSubtle: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'Owner', value: m.owner },
          { title: 'Priority', value: m.priority },
          { title: 'Status', value: m.status },
          { title: 'Due', value: m.due },
        ],
      },
      ...(m.note ? [{ type: 'TextBlock', text: m.note, wrap: true, size: 'Small' }] : []),
    ],
    { title: 'Open in the console', url: m.link },
  );
}

/** A delivery payload as stored and sent: what the renderer of that channel kind returns, as JSON. */
export function payloadOf(
  kind: ChannelKind,
  renderers: { readonly [K in ChannelKind]: () => unknown },
): string {
  return JSON.stringify(renderers[kind]());
}

/** The delivery payload of one channel kind, as stored and sent. */
export function renderPayload(kind: ChannelKind, m: Message, to: readonly string[]): string {
  return payloadOf(kind, { email: () => emailOf(m, to), slack: () => slackOf(m), teams: () => teamsOf(m) });
}
