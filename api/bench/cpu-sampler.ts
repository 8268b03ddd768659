import fs from 'node:fs';
import os from 'node:os';

// Where the CPU went during a phase, from /proc (Linux only; elsewhere it reports nothing):
// cumulative utime+stime of every process, grouped (the API, Postgres, the load generator...),
// against the machine's total ticks. On a small box the question "who is the bottleneck, the API
// process or Postgres, or the disk?" is answered by these numbers, not by throughput alone.

export type Classify = (pid: number, comm: string) => string | undefined;

interface Snapshot {
  /** Machine-wide ticks: all, idle, iowait. */
  total: number;
  idle: number;
  iowait: number;
  /** Ticks used so far, by pid, with the group it belongs to. */
  procs: Map<number, { group: string; ticks: number }>;
  /** This process's cutime+cstime: CPU of its children that exited and were reaped. */
  reaped: number;
}

export interface CpuUsage {
  cores: number;
  /** Average cores busy per group over the phase (1.0 = one core fully busy). */
  groups: Record<string, number>;
  /** Busy cores not in any group (other services, the kernel). */
  other: number;
  idle: number;
  iowait: number;
}

function readSnapshot(classify: Classify): Snapshot | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  // cpu  user nice system idle iowait irq softirq steal ...
  const cpu = stat.split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const procs = new Map<number, { group: string; ticks: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let line: string;
    try {
      line = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so cut at the last ')'.
    const close = line.lastIndexOf(')');
    const comm = line.slice(line.indexOf('(') + 1, close);
    const group = classify(Number(entry), comm);
    if (!group) continue;
    const rest = line.slice(close + 2).split(' ');
    // After the comm: [0] state ... [11] utime, [12] stime (fields 14 and 15 of proc(5)).
    procs.set(Number(entry), { group, ticks: Number(rest[11]) + Number(rest[12]) });
  }
  const own = fs.readFileSync('/proc/self/stat', 'utf8');
  const ownRest = own.slice(own.lastIndexOf(')') + 2).split(' ');
  // [13] cutime, [14] cstime (fields 16 and 17 of proc(5)).
  const reaped = Number(ownRest[13]) + Number(ownRest[14]);
  return { total: cpu.reduce((s, v) => s + v, 0), idle: cpu[3] ?? 0, iowait: cpu[4] ?? 0, procs, reaped };
}

export interface CpuSampler {
  /** Ends the phase and returns the average use over it (undefined without /proc). */
  stop(): CpuUsage | undefined;
}

/**
 * `reapedAs` names a group for the CPU of this process's children that exit during the phase
 * (a child that is gone from /proc by the end, like pgbench, is only visible that way).
 */
export function startCpuSampler(classify: Classify, reapedAs?: string, everyMs = 500): CpuSampler {
  const start = readSnapshot(classify);
  // Short-lived processes (pgbench's backends end with it) are gone by the last snapshot: keep
  // the last ticks each was seen with, polling meanwhile, so their CPU is not lost.
  const lastSeen = new Map<number, { group: string; ticks: number }>();
  const poll = () => {
    for (const [pid, p] of readSnapshot(classify)?.procs ?? []) lastSeen.set(pid, p);
  };
  const timer = start ? setInterval(poll, everyMs) : undefined;
  return {
    stop() {
      clearInterval(timer);
      const end = readSnapshot(classify);
      if (!start || !end) return undefined;
      for (const [pid, p] of end.procs) lastSeen.set(pid, p);
      const cores = os.availableParallelism();
      const elapsed = end.total - start.total;
      if (elapsed <= 0) return undefined;
      const share = (ticks: number) => (ticks / elapsed) * cores;
      const groups: Record<string, number> = {};
      let grouped = 0;
      for (const [pid, p] of lastSeen) {
        // A process born during the phase counts from zero. (A pid reused within the phase would
        // be miscounted; with a few hundred processes over seconds that does not happen.)
        const used = p.ticks - (start.procs.get(pid)?.ticks ?? 0);
        groups[p.group] = (groups[p.group] ?? 0) + share(used);
        grouped += used;
      }
      if (reapedAs) {
        const used = end.reaped - start.reaped;
        groups[reapedAs] = (groups[reapedAs] ?? 0) + share(used);
        grouped += used;
      }
      const idle = end.idle - start.idle;
      const iowait = end.iowait - start.iowait;
      const busy = elapsed - idle - iowait;
      return { cores, groups, other: Math.max(0, share(busy - grouped)), idle: share(idle), iowait: share(iowait) };
    },
  };
}

/** Postgres backends and auxiliaries all run as processes named `postgres`. */
export function groupByPid(
  groups: Record<string, number>,
  byComm: Record<string, string> = { postgres: 'postgres' },
): Classify {
  const byPid = new Map(Object.entries(groups).map(([name, pid]) => [pid, name]));
  return (pid, comm) => byPid.get(pid) ?? byComm[comm];
}

export function formatCpu(u: CpuUsage | undefined): string {
  if (!u) return 'n/a (no /proc)';
  const parts = Object.entries(u.groups)
    .sort(([, a], [, b]) => b - a)
    .map(([g, c]) => `${g} ${c.toFixed(2)}`);
  return `${parts.join(', ')}, other ${u.other.toFixed(2)}, idle ${u.idle.toFixed(2)}, iowait ${u.iowait.toFixed(2)} (cores busy, of ${u.cores})`;
}
