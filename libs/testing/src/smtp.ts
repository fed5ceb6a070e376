/**
 * A real SMTP server for tests (nodemailer's `smtp-server`), on a free loopback port: it accepts
 * mail over the wire, parses each message with `mailparser` and keeps it for the test to read.
 * It can refuse recipients (a bounce at RCPT TO) or whole sessions, as a real server would.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { eventually } from './processes';

export interface ReceivedMail {
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: ReadonlyMap<string, unknown>;
  readonly raw: string;
  /** When the message's DATA ended (before it was parsed). */
  readonly receivedAt: Date;
}

export interface SmtpServerOptions {
  /** Recipients refused at RCPT TO with 550 (a hard bounce). */
  readonly refuseRecipients?: (address: string) => boolean;
  /** Refuse every connection with 421 (a server that is down for mail). */
  readonly refuseAll?: boolean;
}

export interface TestSmtpServer {
  readonly host: string;
  readonly port: number;
  /** `smtp://<host>:<port>`, as a service's SMTP URL names it. */
  readonly url: string;
  /** Every message accepted so far, in arrival order. */
  readonly messages: readonly ReceivedMail[];
  /** Recipients refused so far. */
  readonly refused: readonly string[];
  /** Messages to this recipient. */
  to(address: string): ReceivedMail[];
  /** Calls `listener` with every message accepted from now on, as it is kept. */
  onMessage(listener: (m: ReceivedMail) => void): void;
  /** Waits until at least `count` messages match `filter`, and returns them. */
  waitFor(filter: (m: ReceivedMail) => boolean, count?: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  setOptions(options: SmtpServerOptions): void;
  close(): Promise<void>;
}

/** The survey link (`http://127.0.0.1:<port>/s/<token>`) in an invitation's text. */
export function surveyLinkIn(text: string): string {
  const m = /(http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no survey link in: ${text}`);
  return m[1];
}

function addresses(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a: { value?: { address?: string }[] }) =>
    (a.value ?? []).map((v) => (v.address ?? '').toLowerCase()),
  );
}

export async function startSmtpServer(initial: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  let options = initial;
  const messages: ReceivedMail[] = [];
  const refused: string[] = [];
  const listeners: ((m: ReceivedMail) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      if (options.refuseAll) {
        const err = new Error('service not available') as Error & { responseCode: number };
        err.responseCode = 421;
        return callback(err);
      }
      callback();
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (options.refuseRecipients?.(address.address)) {
        refused.push(address.address.toLowerCase());
        const err = new Error(`mailbox unavailable: ${address.address}`) as Error & { responseCode: number };
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const receivedAt = new Date();
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            const kept: ReceivedMail = {
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: addresses(mail.from)[0] ?? '',
              to: addresses(mail.to),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              headers: mail.headers,
              raw: raw.toString('utf8'),
              receivedAt,
            };
            messages.push(kept);
            for (const listener of listeners) listener(kept);
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refused,
    to: (address) => messages.filter((m) => m.envelopeTo.includes(address.toLowerCase())),
    onMessage: (listener) => void listeners.push(listener),
    async waitFor(filter, count = 1, timeoutMs = 30_000) {
      return eventually(async () => {
        const found = messages.filter(filter);
        if (found.length < count) throw new Error(`${found.length} of ${count} messages so far`);
        return found;
      }, timeoutMs);
    },
    setOptions(next) {
      options = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
