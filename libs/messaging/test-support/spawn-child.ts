import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { transformSync } from '@swc/core';

/** A child process of the fault suite. */
export interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

const root = join(__dirname, '..', '..', '..');
const libRoot = join(__dirname, '..');

/**
 * Runs test-support/<script> in a new process; `ready` resolves when it prints "ready".
 * With `precompiled`, the script and its relative imports are compiled once to plain JS, so a
 * child starts in a fraction of swc-node's time (the R1 suite starts twenty of them).
 */
export function spawnChild(script: string, env: Record<string, string>, precompiled = false): Child {
  const args = precompiled
    ? [compiled(join(__dirname, script))]
    : ['-r', '@swc-node/register', join(__dirname, script)];
  const proc = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      SWC_NODE_PROJECT: join(root, 'tsconfig.json'),
      NODE_PATH: join(root, 'node_modules'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
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

let outDir: string | undefined;
// Compile each entry once: rewriting the file for every spawn truncated it under a child that was
// still loading it, which then ran an empty module and exited 0 (an R1 flake).
const compiledEntries = new Map<string, string>();

/** Removes the compiled children (call from afterAll). */
export function removeCompiledChildren(): void {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  outDir = undefined;
  compiledEntries.clear();
}

function compiled(entry: string): string {
  const known = compiledEntries.get(entry);
  if (known) return known;
  outDir ??= mkdtempSync(join(tmpdir(), 'civic-messaging-child-'));
  const pending = [entry];
  const done = new Set<string>();
  while (pending.length) {
    const file = pending.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/(?:from|import) '([^']+)'/g)) {
      if (spec.startsWith('@civic/'))
        throw new Error(`${relative(libRoot, file)} imports ${spec}: run it without precompiled`);
      if (spec.startsWith('.')) pending.push(resolve(dirname(file), `${spec}.ts`));
    }
    const { code } = transformSync(source, {
      filename: file,
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    });
    const out = join(outDir, relative(libRoot, file)).replace(/\.ts$/, '.js');
    if (!existsSync(dirname(out))) mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, code);
  }
  const target = join(outDir, relative(libRoot, entry)).replace(/\.ts$/, '.js');
  compiledEntries.set(entry, target);
  return target;
}
