import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A child process of the fault suite. */
export interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Runs test-support/<script> with swc-node in a new process; `ready` resolves when it prints "ready". */
export function spawnChild(script: string, env: Record<string, string>): Child {
  const root = join(__dirname, '..', '..', '..');
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, script)], {
    cwd: root,
    env: { ...process.env, ...env, SWC_NODE_PROJECT: join(root, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('ready')) resolve();
    });
    exited.then((e) => reject(new Error(`${script} exited (${e.code ?? e.signal}) before ready: ${out}`)));
  });
  ready.catch(() => undefined);
  return { proc, ready, exited, output: () => out };
}
