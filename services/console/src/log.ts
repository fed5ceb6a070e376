/** One JSON line per event on stdout, like the services' logs. */
export function log(level: 'log' | 'warn' | 'error', msg: string, extra: object = {}): void {
  process.stdout.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), service: 'console', msg, ...extra })}\n`,
  );
}
