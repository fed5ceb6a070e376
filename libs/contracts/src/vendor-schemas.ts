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

const plainText = (max: number): VendorSchema => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: {
    type: { const: 'plain_text' },
    text: { type: 'string', minLength: 1, maxLength: max },
    emoji: { type: 'boolean' },
  },
});

const textObject = (max: number): VendorSchema => ({
  oneOf: [
    plainText(max),
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'text'],
      properties: {
        type: { const: 'mrkdwn' },
        text: { type: 'string', minLength: 1, maxLength: max },
        verbatim: { type: 'boolean' },
      },
    },
  ],
});

const blockId = { type: 'string', maxLength: 255 };

const button: VendorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: {
    type: { const: 'button' },
    text: plainText(75),
    action_id: { type: 'string', maxLength: 255 },
    url: { type: 'string', maxLength: 3000 },
    value: { type: 'string', maxLength: 2000 },
    style: { enum: ['primary', 'danger'] },
    accessibility_label: { type: 'string', maxLength: 75 },
  },
};

export const SLACK_MESSAGE_SCHEMA: VendorSchema = {
  $id: 'continuum:slack-incoming-webhook-message',
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  properties: {
    // The notification fallback text (shown where blocks cannot be).
    text: { type: 'string', minLength: 1, maxLength: 40_000 },
    blocks: {
      type: 'array',
      maxItems: 50,
      items: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['type', 'text'],
            properties: { type: { const: 'header' }, text: plainText(150), block_id: blockId },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['type'],
            anyOf: [{ required: ['text'] }, { required: ['fields'] }],
            properties: {
              type: { const: 'section' },
              text: textObject(3000),
              fields: { type: 'array', minItems: 1, maxItems: 10, items: textObject(2000) },
              accessory: button,
              block_id: blockId,
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['type', 'elements'],
            properties: {
              type: { const: 'context' },
              elements: { type: 'array', minItems: 1, maxItems: 10, items: textObject(3000) },
              block_id: blockId,
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['type', 'elements'],
            properties: {
              type: { const: 'actions' },
              elements: { type: 'array', minItems: 1, maxItems: 25, items: button },
              block_id: blockId,
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['type'],
            properties: { type: { const: 'divider' }, block_id: blockId },
          },
        ],
      },
    },
  },
};

const textBlock: VendorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: {
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
  },
};

const factSet: VendorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'facts'],
  properties: {
    type: { const: 'FactSet' },
    facts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'value'],
        properties: { title: { type: 'string' }, value: { type: 'string' } },
      },
    },
    id: { type: 'string' },
    separator: { type: 'boolean' },
  },
};

const openUrl: VendorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'url'],
  properties: {
    type: { const: 'Action.OpenUrl' },
    url: { type: 'string', format: 'uri-reference' },
    title: { type: 'string' },
    id: { type: 'string' },
    style: { enum: ['default', 'positive', 'destructive'] },
    tooltip: { type: 'string' },
  },
};

export const ADAPTIVE_CARD_SCHEMA: VendorSchema = {
  $id: 'continuum:adaptive-card-1.5-subset',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'version'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    type: { const: 'AdaptiveCard' },
    version: { type: 'string', pattern: '^1\\.[0-5]$' },
    body: { type: 'array', items: { oneOf: [textBlock, factSet] } },
    actions: { type: 'array', items: openUrl },
    fallbackText: { type: 'string' },
    lang: { type: 'string' },
    speak: { type: 'string' },
  },
};

export const TEAMS_MESSAGE_SCHEMA: VendorSchema = {
  $id: 'continuum:teams-workflow-message',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'attachments'],
  properties: {
    type: { const: 'message' },
    attachments: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['contentType', 'content'],
        properties: {
          contentType: { const: 'application/vnd.microsoft.card.adaptive' },
          contentUrl: { type: 'null' },
          content: { $ref: 'continuum:adaptive-card-1.5-subset' },
        },
      },
    },
  },
};

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
const adfText: VendorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: {
    type: { const: 'text' },
    text: { type: 'string', minLength: 1 },
    marks: {
      type: 'array',
      items: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['type', 'attrs'],
            properties: {
              type: { const: 'link' },
              attrs: {
                type: 'object',
                additionalProperties: false,
                required: ['href'],
                properties: { href: { type: 'string' }, title: { type: 'string' } },
              },
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['type'],
            properties: { type: { enum: ['strong', 'em', 'code', 'strike', 'underline'] } },
          },
        ],
      },
    },
  },
};

const ADF_DOC: VendorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'version', 'content'],
  properties: {
    type: { const: 'doc' },
    version: { const: 1 },
    content: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: { type: { const: 'paragraph' }, content: { type: 'array', items: adfText } },
      },
    },
  },
};

const idOrKey = (key: string): VendorSchema => ({
  type: 'object',
  minProperties: 1,
  properties: { id: { type: 'string', minLength: 1 }, [key]: { type: 'string', minLength: 1 } },
});

export const JIRA_CREATE_ISSUE_SCHEMA: VendorSchema = {
  $id: 'continuum:jira-cloud-create-issue-v3',
  type: 'object',
  additionalProperties: false,
  required: ['fields'],
  properties: {
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
};

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

export const ZENDESK_CREATE_TICKET_SCHEMA: VendorSchema = {
  $id: 'continuum:zendesk-create-ticket',
  type: 'object',
  additionalProperties: false,
  required: ['ticket'],
  properties: {
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
};
