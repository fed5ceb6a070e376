/**
 * JSON Schema subsets of the two chat formats act sends, written from the vendors' published
 * references, for ajv to check rendered messages in unit tests. Only the parts act uses are
 * modelled, but closed (`additionalProperties: false`), with the documented limits, so a field
 * the vendor does not know, or a text over its limit, fails here before it fails in production.
 *
 * Slack publishes no JSON Schema for Block Kit; this subset follows the Block Kit reference
 * (https://docs.slack.dev/reference/block-kit/blocks — header, section, context, actions, divider;
 * https://docs.slack.dev/reference/block-kit/composition-objects/text-object;
 * https://docs.slack.dev/reference/block-kit/block-elements/button-element) and the message
 * payload of incoming webhooks (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks).
 * Full validation is Slack's `blocks.validate`-style check at send time, which needs the network:
 * it was not done here.
 *
 * The Adaptive Card subset follows the published schema 1.5
 * (http://adaptivecards.io/schemas/1.5.0/adaptive-card.json: AdaptiveCard, TextBlock, FactSet,
 * Fact, Action.OpenUrl), and the Teams workflow webhook envelope
 * (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using).
 */
export type VendorSchema = Record<string, unknown>;

/** A closed object (the vendors' own schemas are): only `properties`, the `required` ones mandatory. */
const closed = (required: string[], properties: VendorSchema, more: VendorSchema = {}): VendorSchema => ({
  type: 'object',
  additionalProperties: false,
  required,
  ...more,
  properties,
});

const plainText = (max: number): VendorSchema =>
  closed(['type', 'text'], {
    type: { const: 'plain_text' },
    text: { type: 'string', minLength: 1, maxLength: max },
    emoji: { type: 'boolean' },
  });

const textObject = (max: number): VendorSchema => ({
  oneOf: [
    plainText(max),
    closed(['type', 'text'], {
      type: { const: 'mrkdwn' },
      text: { type: 'string', minLength: 1, maxLength: max },
      verbatim: { type: 'boolean' },
    }),
  ],
});

const blockId = { type: 'string', maxLength: 255 };

const button = closed(['type', 'text'], {
  type: { const: 'button' },
  text: plainText(75),
  action_id: { type: 'string', maxLength: 255 },
  url: { type: 'string', maxLength: 3000 },
  value: { type: 'string', maxLength: 2000 },
  style: { enum: ['primary', 'danger'] },
  accessibility_label: { type: 'string', maxLength: 75 },
});

export const SLACK_MESSAGE_SCHEMA = closed(
  ['text'],
  {
    // The notification fallback text (shown where blocks cannot be).
    text: { type: 'string', minLength: 1, maxLength: 40_000 },
    blocks: {
      type: 'array',
      maxItems: 50,
      items: {
        oneOf: [
          closed(['type', 'text'], { type: { const: 'header' }, text: plainText(150), block_id: blockId }),
          closed(
            ['type'],
            {
              type: { const: 'section' },
              text: textObject(3000),
              fields: { type: 'array', minItems: 1, maxItems: 10, items: textObject(2000) },
              accessory: button,
              block_id: blockId,
            },
            { anyOf: [{ required: ['text'] }, { required: ['fields'] }] },
          ),
          closed(['type', 'elements'], {
            type: { const: 'context' },
            elements: { type: 'array', minItems: 1, maxItems: 10, items: textObject(3000) },
            block_id: blockId,
          }),
          closed(['type', 'elements'], {
            type: { const: 'actions' },
            elements: { type: 'array', minItems: 1, maxItems: 25, items: button },
            block_id: blockId,
          }),
          closed(['type'], { type: { const: 'divider' }, block_id: blockId }),
        ],
      },
    },
  },
  { $id: 'continuum:slack-incoming-webhook-message' },
);

const textBlock = closed(['type', 'text'], {
  type: { const: 'TextBlock' },
  text: { type: 'string' },
  color: { enum: ['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'] },
  fontType: { enum: ['Default', 'Monospace'] },
  horizontalAlignment: { enum: ['Left', 'Center', 'Right'] },
  isSubtle: { type: ['boolean', 'null'] },
  maxLines: { type: 'number' },
  size: { enum: ['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'] },
  weight: { enum: ['Default', 'Lighter', 'Bolder'] },
  wrap: { type: 'boolean' },
  style: { enum: ['default', 'heading', null] },
  id: { type: 'string' },
  separator: { type: 'boolean' },
  spacing: { enum: ['default', 'none', 'small', 'medium', 'large', 'extraLarge', 'padding'] },
});

const factSet = closed(['type', 'facts'], {
  type: { const: 'FactSet' },
  facts: {
    type: 'array',
    items: closed(['title', 'value'], { title: { type: 'string' }, value: { type: 'string' } }),
  },
  id: { type: 'string' },
  separator: { type: 'boolean' },
});

const openUrl = closed(['type', 'url'], {
  type: { const: 'Action.OpenUrl' },
  url: { type: 'string', format: 'uri-reference' },
  title: { type: 'string' },
  id: { type: 'string' },
  style: { enum: ['default', 'positive', 'destructive'] },
  tooltip: { type: 'string' },
});

export const ADAPTIVE_CARD_SCHEMA = closed(
  ['type', 'version'],
  {
    $schema: { type: 'string', format: 'uri' },
    type: { const: 'AdaptiveCard' },
    version: { type: 'string', pattern: '^1\\.[0-5]$' },
    body: { type: 'array', items: { oneOf: [textBlock, factSet] } },
    actions: { type: 'array', items: openUrl },
    fallbackText: { type: 'string' },
    lang: { type: 'string' },
    speak: { type: 'string' },
  },
  { $id: 'continuum:adaptive-card-1.5-subset' },
);

export const TEAMS_MESSAGE_SCHEMA = closed(
  ['type', 'attachments'],
  {
    type: { const: 'message' },
    attachments: {
      type: 'array',
      minItems: 1,
      items: closed(['contentType', 'content'], {
        contentType: { const: 'application/vnd.microsoft.card.adaptive' },
        contentUrl: { type: 'null' },
        content: { $ref: 'continuum:adaptive-card-1.5-subset' },
      }),
    },
  },
  { $id: 'continuum:teams-workflow-message' },
);

/*
 * Ticket tools' create requests, as act's request-template presets send them. Subsets written
 * from each vendor's published reference, closed where the vendor's own schema is closed:
 * - Jira Cloud REST v3 `POST /rest/api/3/issue` (IssueUpdateDetails; OpenAPI at
 *   https://developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json): `fields` with
 *   project (key or id), issuetype (name or id), summary (≤ 255), description in Atlassian
 *   Document Format (JSON Schema at http://go.atlassian.com/adf-json-schema: doc version 1,
 *   paragraph, text with a non-empty `text`, link mark with `attrs.href`), priority, labels
 *   (no spaces), duedate (YYYY-MM-DD).
 * - ServiceNow Table API `POST /api/now/table/incident`
 *   (https://www.servicenow.com/docs/bundle/xanadu-api-reference/page/integrate/inbound-rest/concept/c_TableAPI.html):
 *   the incident table's columns; short_description ≤ 160, description ≤ 4000, urgency and
 *   impact the choices "1"–"3", correlation_id and correlation_display ≤ 100.
 * - Zendesk Support `POST /api/v2/tickets` (TicketCreateRequest in
 *   https://developer.zendesk.com/zendesk/oas.yaml; reference at
 *   https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket):
 *   `ticket` with a required comment, priority urgent|high|normal|low, type
 *   problem|incident|question|task, due_at (tasks), external_id, tags.
 */
const adfText = closed(['type', 'text'], {
  type: { const: 'text' },
  text: { type: 'string', minLength: 1 },
  marks: {
    type: 'array',
    items: {
      oneOf: [
        closed(['type', 'attrs'], {
          type: { const: 'link' },
          attrs: closed(['href'], { href: { type: 'string' }, title: { type: 'string' } }),
        }),
        closed(['type'], { type: { enum: ['strong', 'em', 'code', 'strike', 'underline'] } }),
      ],
    },
  },
});

const ADF_DOC = closed(['type', 'version', 'content'], {
  type: { const: 'doc' },
  version: { const: 1 },
  content: {
    type: 'array',
    items: closed(['type'], { type: { const: 'paragraph' }, content: { type: 'array', items: adfText } }),
  },
});

const idOrKey = (key: string): VendorSchema => ({
  type: 'object',
  minProperties: 1,
  properties: { id: { type: 'string', minLength: 1 }, [key]: { type: 'string', minLength: 1 } },
});

export const JIRA_CREATE_ISSUE_SCHEMA = closed(
  ['fields'],
  {
    fields: {
      type: 'object',
      required: ['project', 'issuetype', 'summary'],
      properties: {
        project: idOrKey('key'),
        issuetype: idOrKey('name'),
        summary: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^\\n\\r]*$' },
        description: ADF_DOC,
        priority: idOrKey('name'),
        labels: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255, pattern: '^\\S+$' } },
        duedate: { type: 'string', format: 'date' },
      },
    },
    update: { type: 'object' },
    properties: { type: 'array' },
  },
  { $id: 'continuum:jira-cloud-create-issue-v3' },
);

const snChoice = { enum: ['1', '2', '3'] };
export const SERVICENOW_INCIDENT_SCHEMA: VendorSchema = {
  $id: 'continuum:servicenow-incident-table',
  type: 'object',
  required: ['short_description'],
  properties: {
    short_description: { type: 'string', minLength: 1, maxLength: 160 },
    description: { type: 'string', maxLength: 4000 },
    urgency: snChoice,
    impact: snChoice,
    assignment_group: { type: 'string', minLength: 1, maxLength: 100 },
    category: { type: 'string', maxLength: 40 },
    correlation_id: { type: 'string', maxLength: 100 },
    correlation_display: { type: 'string', maxLength: 100 },
  },
  additionalProperties: { type: ['string', 'number', 'boolean'] },
};

export const ZENDESK_CREATE_TICKET_SCHEMA = closed(
  ['ticket'],
  {
    ticket: {
      type: 'object',
      required: ['comment'],
      properties: {
        subject: { type: 'string' },
        comment: {
          type: 'object',
          anyOf: [{ required: ['body'] }, { required: ['html_body'] }],
          properties: {
            body: { type: 'string', minLength: 1 },
            html_body: { type: 'string', minLength: 1 },
            public: { type: 'boolean' },
          },
        },
        priority: { enum: ['urgent', 'high', 'normal', 'low'] },
        type: { enum: ['problem', 'incident', 'question', 'task'] },
        due_at: { type: 'string', format: 'date-time' },
        external_id: { type: 'string' },
        tags: { type: 'array', items: { type: 'string', pattern: '^\\S+$' } },
        group_id: { type: 'integer' },
        assignee_id: { type: 'integer' },
      },
    },
  },
  { $id: 'continuum:zendesk-create-ticket' },
);
