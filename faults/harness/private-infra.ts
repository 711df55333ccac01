import { freePort } from '@civic/testing';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Infra } from './scenario';
import { PrivateKafka } from '@civic/testing';

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
