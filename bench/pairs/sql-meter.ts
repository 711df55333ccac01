import { readFileSync } from 'node:fs';
import { performance, EventLoopUtilization } from 'node:perf_hooks';
import { Client } from 'pg';
import { procCpuMs } from './process-cpu';

/**
 * Where a drain's time and CPU went, for the inbox consumer and the P5c prototype alike (the same
 * meter around both, in the same process): every statement sent by a pg client of this process,
 * by kind (its first words), with its time from send to answer as the caller saw it (so it holds
 * the event loop's delay as well as PostgreSQL's work); the CPU of this process and of every
 * PostgreSQL backend that answered a statement in the window (read from /proc, so only when the
 * server runs on this host); the event loop's utilisation; and how busy the host's cores were.
 * CPU is beside wall time because wall time on the shared host swings 2-3x between runs.
 */
export interface MeterWindow {
  /** Closes the window: per `records`, and statement times per `units` (runs, batches). */
  end(records: number, units: number): MeterSummary;
}

export interface MeterSummary {
  nodeUsPerRecord: number;
  pgUsPerRecord: number;
  backends: number;
  elu: number;
  hostBusy: number;
  statements: { kind: string; perUnit: number; msPerUnit: number }[];
  text: string;
}

interface Open {
  kinds: Map<string, [number, number]>;
  backends: Map<number, number>;
}

const open = new Set<Open>();
let installed = false;
/** Statements the meter leaves out (a bench's own polling), by a marker in their text. */
export const UNMETERED = '/* unmetered */';

function install(): void {
  if (installed) return;
  installed = true;
  const original = Client.prototype.query as (...a: unknown[]) => unknown;
  (Client.prototype as unknown as { query: unknown }).query = function (this: Client, ...a: unknown[]) {
    const result = original.apply(this, a);
    if (!open.size) return result;
    const text = typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string } | null)?.text ?? '?');
    if (text.includes(UNMETERED) || !(result instanceof Promise)) return result;
    const pid = (this as unknown as { processID: number | null }).processID;
    if (pid) for (const w of open) if (!w.backends.has(pid)) w.backends.set(pid, procCpuMs(pid));
    const kind = text.trim().split(/\s+/).slice(0, 3).join(' ');
    const t0 = performance.now();
    const windows = [...open];
    const note = () => {
      for (const w of windows) {
        const e = w.kinds.get(kind) ?? [0, 0];
        w.kinds.set(kind, [e[0] + 1, e[1] + performance.now() - t0]);
      }
    };
    result.then(note, note);
    return result;
  };
}

/** Opens a window: statements, CPU and event-loop use from now until `end`. */
export function meterWindow(): MeterWindow {
  install();
  const w: Open = { kinds: new Map(), backends: new Map() };
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const host0 = hostTicks();
  open.add(w);
  return {
    end(records, units) {
      open.delete(w);
      const cpu = process.cpuUsage(cpu0);
      const elu: EventLoopUtilization = performance.eventLoopUtilization(elu0);
      const host1 = hostTicks();
      let pgMs = 0;
      for (const [pid, at] of w.backends) pgMs += procCpuMs(pid) - at;
      const busy = (host1.busy - host0.busy) / (host1.total - host0.total);
      const statements = [...w.kinds]
        .sort((x, y) => y[1][1] - x[1][1])
        .map(([kind, [count, ms]]) => ({ kind, perUnit: count / units, msPerUnit: ms / units }));
      const nodeUs = ((cpu.user + cpu.system) / records) as number;
      const pgUs = (pgMs * 1000) / records;
      return {
        nodeUsPerRecord: nodeUs,
        pgUsPerRecord: pgUs,
        backends: w.backends.size,
        elu: elu.utilization,
        hostBusy: busy,
        statements,
        text:
          `CPU per record: this process ${nodeUs.toFixed(0)} µs, PostgreSQL ${pgUs.toFixed(0)} µs (${w.backends.size} backends)` +
          `; event loop busy ${(elu.utilization * 100).toFixed(0)}%, host cores busy ${(busy * 100).toFixed(0)}%` +
          `; per unit (${units}): ` +
          statements
            .slice(0, 8)
            .map((s) => `${s.kind} ×${s.perUnit.toFixed(2)} ${s.msPerUnit.toFixed(2)} ms`)
            .join(', '),
      };
    },
  };
}

/** The host's CPU ticks, all cores: busy (everything but idle and iowait) and total. */
function hostTicks(): { busy: number; total: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - f[3] - (f[4] ?? 0), total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}
