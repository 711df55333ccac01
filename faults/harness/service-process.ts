import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A service (or relay/consumer half of one) running as its own OS process. */
export class ServiceProcess {
  readonly proc: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
  private out = '';

  constructor(
    readonly label: string,
    args: string[],
    env: Record<string, string>,
    readonly port?: number,
  ) {
    const root = join(__dirname, '..', '..');
    this.proc = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(this);
    const keep = (d: Buffer) => {
      this.out += d;
      if (this.out.length > 200_000) this.out = this.out.slice(-100_000);
    };
    this.proc.stderr!.on('data', keep);
    this.exited = new Promise((resolve) =>
      this.proc.on('exit', (code, signal) => {
        live.delete(this);
        resolve({ code, signal, atMs: Date.now() });
      }),
    );
    this.ready = new Promise<void>((resolve, reject) => {
      this.proc.stdout!.on('data', (d: Buffer) => {
        keep(d);
        if (/^ready$/m.test(this.out)) resolve();
      });
      void this.exited.then((e) =>
        reject(new Error(`${label} exited (${e.code ?? e.signal}) before it was ready:\n${this.tail()}`)),
      );
    });
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Sends a signal and waits for the exit; SIGKILL after forceAfterMs if it is still there. */
  async kill(
    signal: NodeJS.Signals,
    forceAfterMs = 30_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }> {
    const t0 = Date.now();
    if (this.alive) this.proc.kill(signal);
    const force = setTimeout(() => this.alive && this.proc.kill('SIGKILL'), forceAfterMs);
    const e = await this.exited;
    clearTimeout(force);
    return { code: e.code, signal: e.signal, afterMs: e.atMs - t0 };
  }

  tail(lines = 30): string {
    return this.out.split('\n').slice(-lines).join('\n');
  }
}

const live = new Set<ServiceProcess>();

/** SIGKILLs every process the harness started and is still running (cleanup, also on Ctrl-C). */
export async function killAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.kill('SIGKILL')));
}
