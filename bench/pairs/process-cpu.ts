import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Pool } from 'pg';

// CPU time of a process and of the PostgreSQL backends serving it, both read from /proc (the
// server runs on this host in the local infra mode; elsewhere the backends' share is NaN). Beside
// wall time because on a shared host wall time swings 2-3x with the other processes, while the work
// done per request moves less.

/** CPU ms (user + system, all threads) a process has used so far, or NaN when it is gone. */
export function procCpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // after the command name: utime is field 14, stime 15, in ticks of 1/100 s (USER_HZ)
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Local ports of the process's TCP connections to `serverPort` (its sockets' inodes in /proc/net/tcp{,6}). */
function clientPorts(pid: number, serverPort: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !inodes.has(f[9])) continue;
      if (parseInt(f[2].split(':')[1], 16) === serverPort) ports.push(parseInt(f[1].split(':')[1], 16));
    }
  }
  return ports;
}

/** A process's CPU and that of its PostgreSQL backends, read at `mark()` and as a difference at `since()`. */
export class ProcessCpu {
  private constructor(
    private readonly pid: number,
    private readonly admin: Pool,
    private readonly serverPort: number,
  ) {}

  static of(pid: number, databaseUrl: string): ProcessCpu {
    const url = new URL(databaseUrl);
    return new ProcessCpu(pid, new Pool({ connectionString: databaseUrl, max: 1 }), Number(url.port || 5432));
  }

  /** Backend pids serving the process now (its connections matched on pg_stat_activity.client_port). */
  async backends(): Promise<number[]> {
    const ports = clientPorts(this.pid, this.serverPort);
    if (!ports.length) return [];
    const { rows } = await this.admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[]) AND client_addr IS NOT NULL AND pid <> pg_backend_pid()`,
      [ports],
    );
    return rows.map((r) => r.pid);
  }

  /** CPU ms so far: the process, and each of its backends now. */
  async mark(): Promise<{ process: number; backends: Map<number, number> }> {
    const pids = await this.backends();
    return { process: procCpuMs(this.pid), backends: new Map(pids.map((p) => [p, procCpuMs(p)])) };
  }

  /**
   * CPU ms used since `from`: the process, and its backends (those of `from`, plus any opened since,
   * counted from zero: a new backend's start-up is work done for the process too).
   */
  async since(from: { process: number; backends: Map<number, number> }): Promise<{ process: number; pg: number }> {
    const now = await this.mark();
    let pg = 0;
    for (const [pid, ms] of now.backends) pg += ms - (from.backends.get(pid) ?? 0);
    // a backend of `from` that closed meanwhile: its last CPU is gone with it (rare: the pools stay warm)
    return { process: now.process - from.process, pg };
  }

  async end(): Promise<void> {
    await this.admin.end();
  }
}
