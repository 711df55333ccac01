import { freePort } from './free-port';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { sleep } from './load';
import { Infra } from './scenario';

/**
 * A PostgreSQL cluster and a KRaft broker of the suite's own, on free ports with data in a temp
 * directory, for the scenarios that stop a server (R9, R12): stopping the shared ones would break
 * every other test running on the machine (docs/adr/0005-fault-suite.md).
 */
export interface PrivateInfra {
  available: boolean;
  reason?: string;
  infra: Infra;
  stop(): Promise<void>;
}

const root = join(__dirname, '..', '..');

/** Starts both, or says why it cannot (then the disruptive scenarios are skipped with that reason). */
export async function privateInfra(): Promise<PrivateInfra> {
  const dir = mkdtempSync(join(tmpdir(), 'faults-infra-'));
  chmodSync(dir, 0o755);
  let pg: PrivatePostgres | undefined;
  let kafka: PrivateKafka | undefined;
  const stop = async () => {
    await kafka?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    [pg, kafka] = await Promise.all([
      PrivatePostgres.create(join(dir, 'pg'), await freePort()),
      PrivateKafka.create(join(dir, 'kafka'), await freePort(), await freePort()),
    ]);
    return {
      available: true,
      infra: {
        databaseUrl: pg.url,
        brokers: kafka.brokers,
        stopPostgres: () => pg!.stop(),
        startPostgres: () => pg!.start(),
        stopBroker: () => kafka!.stop(),
        startBroker: () => kafka!.start(),
      },
      stop,
    };
  } catch (e) {
    await stop();
    return {
      available: false,
      reason: (e as Error).message.split('\n')[0],
      infra: { databaseUrl: '', brokers: '' },
      stop: async () => undefined,
    };
  }
}

class PrivatePostgres {
  private constructor(
    private readonly data: string,
    private readonly port: number,
    private readonly bin: string,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(data: string, port: number): Promise<PrivatePostgres> {
    const versions = existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
      : [];
    const bin = versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find((b) => existsSync(join(b, 'initdb')));
    if (!bin) throw new Error('no PostgreSQL server binaries (initdb) under /usr/lib/postgresql');
    const pg = new PrivatePostgres(data, port, bin);
    pg.run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], true);
    // fsync stays on: R9 checks what the real settings keep (docs/reliability.md pitfall 13)
    writeFileSync(
      join(data, 'postgresql.auto.conf'),
      `port = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${data}'\nmax_connections = 200\n`,
    );
    if (userInfo().uid === 0) chownSync(join(data, 'postgresql.auto.conf'), ...ownerOf(data));
    await pg.start();
    return pg;
  }

  async start(): Promise<void> {
    this.run('pg_ctl', ['-D', this.data, '-l', join(this.data, 'server.log'), '-w', '-t', '60', 'start']);
  }

  async stop(): Promise<void> {
    this.run('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  // the server refuses to run as root: run its tools as the postgres user then
  private run(tool: string, args: string[], init = false): void {
    const cmd = join(this.bin, tool);
    if (userInfo().uid === 0) {
      if (init) execFileSync('install', ['-d', '-o', 'postgres', '-g', 'postgres', '-m', '700', this.data]);
      execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
    } else execFileSync(cmd, args, { stdio: 'pipe' });
  }
}

function ownerOf(path: string): [number, number] {
  const out = execFileSync('stat', ['-c', '%u %g', path], { encoding: 'utf8' }).trim().split(' ');
  return [Number(out[0]), Number(out[1])];
}

class PrivateKafka {
  private proc?: ChildProcess;
  private constructor(
    private readonly dir: string,
    private readonly port: number,
    private readonly props: string,
    private readonly java: string[],
  ) {}

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The broker of infra/up.sh (same jars, same template) on private ports and a private data dir. */
  static async create(dir: string, port: number, controllerPort: number): Promise<PrivateKafka> {
    const libs = join(
      process.env.CIVIC_STATE_DIR ?? join(homedir(), '.cache', 'civic-platform'),
      `kafka-${process.env.KAFKA_VERSION ?? '4.1.1'}`,
      'libs',
    );
    if (!existsSync(libs)) throw new Error(`no Kafka jars in ${libs}: run bash infra/up.sh once (local mode)`);
    execFileSync('mkdir', ['-p', join(dir, 'data'), join(dir, 'logs')]);
    const props = join(dir, 'server.properties');
    const template = readFileSync(join(root, 'infra/kafka/server.properties.template'), 'utf8');
    writeFileSync(
      props,
      template
        .replace(/@DATA@/g, join(dir, 'data'))
        .replace(/@PORT@/g, String(port))
        .replace(/@CPORT@/g, String(controllerPort)),
    );
    const java = [
      '-Xms128m',
      '-Xmx384m',
      '-XX:+UseG1GC',
      '-XX:TieredStopAtLevel=1',
      `-Dlog4j2.configurationFile=${join(root, 'infra/kafka/log4j2.properties')}`,
      `-Dkafka.logs.dir=${join(dir, 'logs')}`,
      '-cp',
      `${libs}/*`,
    ];
    const id = execFileSync('java', [...java, 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' }).trim();
    execFileSync('java', [...java, 'kafka.tools.StorageTool', 'format', '-t', id, '-c', props], { stdio: 'pipe' });
    const k = new PrivateKafka(dir, port, props, java);
    await k.start();
    return k;
  }

  async start(): Promise<void> {
    const log = join(this.dir, `broker-${Date.now()}.log`);
    writeFileSync(log, '');
    const out = openSync(log, 'a');
    this.proc = spawn('java', [...this.java, 'kafka.Kafka', this.props], { stdio: ['ignore', out, out] });
    const deadline = Date.now() + 90_000;
    while (!readFileSync(log, 'utf8').includes('Kafka Server started')) {
      if (this.proc.exitCode !== null || Date.now() > deadline)
        throw new Error(`private broker did not start: ${readFileSync(log, 'utf8').slice(-500)}`);
      await sleep(200);
    }
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(t);
  }
}
