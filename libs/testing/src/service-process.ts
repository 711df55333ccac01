import { scanOutput } from './contract/id-scan';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freshSchema, waitFor } from './database';
import { freePort } from './free-port';
import { reportServiceFailure } from './service-failures';

// Another service as a real separate process, started the way scripts/start.sh starts it, on its own
// fresh schema and the suite's topic prefix: cross-department e2e tests reach it only through the
// broker and its REST API, as in production.

export interface ServiceProcess {
  baseUrl: string;
  schema: { schema: string; url: string };
  /** The process's log lines so far (stdout, one JSON object each; the last 10,000). */
  logs(): Record<string, unknown>[];
  /** SIGTERM, then SIGKILL after 15 s; drops the schema. */
  stop(): Promise<void>;
  /** The process's log lines (stdout, at its LOG_LEVEL; the last 2000). */
  output(): string[];
}

export interface ServiceProcessOptions {
  /** The directory under apps/ (e.g. 'policy-engine'). */
  app: string;
  /** Prefix of the process's fresh schema. */
  schemaPrefix: string;
  /** The suite's topic prefix, shared with the services under test. */
  topicPrefix: string;
  /** The JWT secret of the suite, so one token works for every service. */
  jwtSecret: string;
  /** The service's own settings; `undefined` drops one of the defaults below (the service's own applies). */
  env?: Record<string, string | undefined>;
  /**
   * A schema several processes share (replicas of one service, e.g. a rollout test), created and
   * dropped by the caller; by default each process gets a fresh schema that stop() drops.
   */
  sharedSchema?: { schema: string; url: string };
  /** How long to wait for /health/ready (default 120 s). */
  readyTimeoutMs?: number;
  /** A log line that means the service failed for good: the waits of the test file stop at it (service-failures.ts). */
  fatalLine?: RegExp;
}

const repoRoot = join(__dirname, '..', '..', '..');
const keyRing = () => JSON.stringify({ current: 't1', keys: { t1: `hex:${randomBytes(32).toString('hex')}` } });

export async function startServiceProcess(o: ServiceProcessOptions): Promise<ServiceProcess> {
  const [schema, port] = await Promise.all([
    o.sharedSchema ? { ...o.sharedSchema, drop: async () => undefined } : freshSchema(o.schemaPrefix),
    freePort(),
  ]);
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${o.app}/src/main.ts`], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      TOPIC_PREFIX: o.topicPrefix,
      JWT_SECRET: o.jwtSecret,
      PERSON_REF_KEYS: keyRing(),
      ID_ENCRYPTION_KEYS: keyRing(),
      RELAY_POLL_INTERVAL_MS: '50',
      LOG_LEVEL: 'error',
      ...o.env,
    },
  });
  // always read (the e2e ID scan reads it too, contract/id-scan.ts), so a chatty LOG_LEVEL never
  // blocks the child on a full pipe
  const lines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    scanOutput(chunk, `${o.app} process`);
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop()!;
    lines.push(...parts.filter(Boolean));
    for (const line of parts) if (o.fatalLine?.test(line)) reportServiceFailure(`${o.app} logged: ${line}`);
    if (lines.length > 10_000) lines.splice(0, lines.length - 10_000);
  });
  // a process that ends after it was ready and before stop() asked it to is a failure every wait of
  // the file should stop at (one that never became ready fails its start below instead)
  let ready = false;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (ready && !stopping)
      reportServiceFailure(
        `${o.app} process exited (${signal ?? `code ${code}`}); last log lines:\n${lines.slice(-5).join('\n')}`,
      );
  });
  const logs = () =>
    lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return { unparsed: l };
      }
    });
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await schema.drop();
  };
  try {
    await waitFor(
      `${o.app} to be ready`,
      async () => {
        if (child.exitCode !== null)
          throw new Error(
            `${o.app} exited with ${child.exitCode} before it was ready; last log lines:\n${lines.slice(-5).join('\n')}`,
          );
        return (await fetch(`${baseUrl}/health/ready`).catch(() => undefined))?.status === 200 ? true : undefined;
      },
      o.readyTimeoutMs ?? 120_000,
      500,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  ready = true;
  return { baseUrl, schema, logs, output: () => [...lines], stop };
}

/** What the policy engine logs when EVALUATION_LOCK_CHECK finds a person evaluated without their lock. */
export const LOCK_CHECK_FAILED = /people evaluated without their lock/;

/** The policy engine as its own process, evaluating on the worker and not on the daily timer, its lock check on. */
export function startPolicyEngineProcess(
  schemaPrefix: string,
  topicPrefix: string,
  jwtSecret: string,
): Promise<ServiceProcess> {
  return startServiceProcess({
    app: 'policy-engine',
    schemaPrefix,
    topicPrefix,
    jwtSecret,
    env: { EVALUATION_WORKER: 'on', DAILY_EVALUATION: 'off', EVALUATION_POLL_MS: '200', EVALUATION_LOCK_CHECK: 'on' },
    fatalLine: LOCK_CHECK_FAILED,
  });
}
