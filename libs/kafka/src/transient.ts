/**
 * Decides whether a failure is the world's (retry, never dead-letter) or the record's (after
 * bounded retries, dead-letter). A database or broker outage must stall a partition, not empty
 * it into the dead-letter topic.
 */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
]);

export function isTransient(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (typeof e !== 'object') break;
    const o = e as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      retriable?: unknown;
      cause?: unknown;
      driverError?: unknown;
    };
    const code = typeof o.code === 'string' ? o.code : '';
    if (TRANSIENT_CODES.has(code) || code.startsWith('08') || code.startsWith('53')) return true;
    if (o.retriable === true) return true;
    const name = typeof o.name === 'string' ? o.name : '';
    if (/^Kafka(JS)?(Connection|RequestTimeout|NumberOfRetriesExceeded)/.test(name)) return true;
    const msg = typeof o.message === 'string' ? o.message : '';
    if (
      /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(
        msg,
      )
    ) {
      return true;
    }
    e = o.driverError ?? o.cause;
  }
  return false;
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
