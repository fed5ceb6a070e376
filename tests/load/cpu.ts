/**
 * CPU and memory of the processes a benchmark drives, read from /proc (Linux): the bench's own
 * processes, the broker and PostgreSQL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestStack } from '@continuum/testing';

export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0; // exited
  }
}

/**
 * The processes whose CPU a benchmarked path costs: the bench's own (`own`, by group), the broker, and PostgreSQL — the backends
 * of this database (the pool opens more under load, so they are looked up again at the end) and
 * the cluster's WAL writer, checkpointer and background writer, which write what the backends
 * commit (shared with other databases: the bench wants a quiet machine anyway).
 */
export function stackPids(
  stack: TestStack,
  own: Record<string, readonly (number | undefined)[]>,
): Record<string, number[]> {
  const port = stack.kafkaBrokers.split(':').pop();
  const cache = process.env.CONTINUUM_CACHE ?? path.join(os.homedir(), '.cache', 'continuum');
  let broker: number[] = [];
  try {
    broker = [Number(readFileSync(path.join(cache, `kafka-data-${port}`, 'broker.pid'), 'utf8').trim())];
  } catch {
    broker = [];
  }
  const db = new URL(stack.databaseUrl).pathname.slice(1);
  const postgres = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
        return (
          cmd.includes(`: postgres ${db} `) ||
          /^postgres: .*(walwriter|checkpointer|background writer)/.test(cmd)
        );
      } catch {
        return false;
      }
    })
    .map(Number);
  const groups = Object.fromEntries(
    Object.entries(own).map(([k, pids]) => [k, pids.filter((p): p is number => p !== undefined)]),
  );
  return { ...groups, broker, postgres };
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
export function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds per process of each group. */
export function cpuOf(pids: Record<string, number[]>): Record<string, Map<number, number>> {
  return Object.fromEntries(
    Object.entries(pids).map(([k, list]) => [k, new Map(list.map((pid) => [pid, cpuSeconds(pid)]))]),
  );
}

/** CPU seconds used per group between two snapshots; a process that appeared in between counts from zero. */
export function cpuUsed(
  before: Record<string, Map<number, number>>,
  after: Record<string, Map<number, number>>,
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [k, procs] of Object.entries(after)) {
    used[k] = 0;
    for (const [pid, s] of procs) used[k] += s - (before[k]?.get(pid) ?? 0);
  }
  return used;
}

/** Prints the CPU used per group, per event, and what it allows on this machine's cores; returns the line. */
export function printCpu(
  label: string,
  before: Record<string, Map<number, number>>,
  after: Record<string, Map<number, number>>,
  n: number,
): string {
  const used = cpuUsed(before, after);
  const parts = Object.entries(used).map(
    ([k, s]) => `${k} ${s.toFixed(1)} s (${((s / n) * 1e6).toFixed(0)} µs/event)`,
  );
  const total = Object.values(used).reduce((t, s) => t + s, 0);
  const line =
    `${label} CPU: ${parts.join(', ')}; together ${((total / n) * 1e6).toFixed(0)} µs/event → at most ` +
    `${Math.round((n / total) * os.cpus().length).toLocaleString('en-US')} events/s on ${os.cpus().length} cores if nothing else ran`;
  console.log(line);
  return line;
}
