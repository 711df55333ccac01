import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

const root = join(__dirname, '..', '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A KRaft broker of the test's own, on free ports with data in a temp directory: the broker of
 * infra/up.sh (same jars, same template), for tests that stop a broker (the fault suite's R12, the
 * broker-outage readiness test). Stopping the shared one at 127.0.0.1:9092 would break every other
 * test on the machine. Needs the jars infra/up.sh fetches in local mode (or CIVIC_STATE_DIR's).
 */
export class PrivateKafka {
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
  /** Formats and starts a broker in a fresh temp directory; stop() then removes the directory with destroy(). */
  static async createInTemp(): Promise<PrivateKafka> {
    const dir = mkdtempSync(join(tmpdir(), 'private-kafka-'));
    try {
      return await PrivateKafka.create(dir, await freePort(), await freePort());
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** Stops the broker and removes its directory. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  static async create(dir: string, port: number, controllerPort: number): Promise<PrivateKafka> {
    const version = process.env.KAFKA_VERSION ?? '4.1.1';
    const libs = join(
      process.env.CIVIC_STATE_DIR ?? join(homedir(), '.cache', 'civic-platform'),
      `kafka-${version}`,
      'libs',
    );
    if (!existsSync(join(libs, `kafka_2.13-${version}.jar`))) {
      // where infra/up.sh took the Docker path it fetched no jars: fetch them as its local mode does
      try {
        execFileSync(
          'mvn',
          [
            '-q',
            '-f',
            join(root, 'infra/kafka/pom.xml'),
            `-Dkafka.version=${version}`,
            'dependency:copy-dependencies',
            '-DincludeScope=runtime',
            `-DoutputDirectory=${libs}`,
          ],
          { stdio: 'pipe' },
        );
      } catch (e) {
        throw new Error(
          `no Kafka jars in ${libs} and Maven could not fetch them (infra/kafka/pom.xml): ${(e as Error).message.split('\n')[0]}`,
        );
      }
    }
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
