import type { LoggerService, LogLevel } from '@nestjs/common';
import { currentTraceContext } from '@continuum/contracts';

const ORDER: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

/**
 * One JSON object a line on stdout, for log shippers. Messages carry ids, never comment text or
 * contact details: callers log event and tenant ids only. A line written while a request or a
 * batch is handled carries its W3C `traceId`, to find every line of one feedback's path.
 */
export class JsonLogger implements LoggerService {
  private readonly min: number;

  constructor(
    private readonly service: string,
    level: LogLevel = 'log',
  ) {
    this.min = ORDER.indexOf(level);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (ORDER.indexOf(level) < this.min) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const entry: Record<string, unknown> = { level, time: new Date().toISOString(), service: this.service };
    if (context) entry.context = context;
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    if (entry.traceId === undefined) {
      const trace = currentTraceContext();
      if (trace) entry.traceId = trace.traceId;
    }
    const stack = rest.find((r) => typeof r === 'string');
    if (stack && level === 'error') entry.stack = stack;
    process.stdout.write(`${JSON.stringify(entry)}\n`);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
}
