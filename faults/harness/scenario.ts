import { freePort } from '@civic/testing';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { deleteTopics, ensureTopics, KafkaConnection } from '@civic/messaging';
import { LedgerCounts, settledLedger } from './ledger';
import { CommandLoad } from './load';
import { ServiceProcess } from './service-process';
import { Target } from './target';

/** Where a scenario's PostgreSQL and Kafka are (the shared ones, or the private ones the harness started). */
export interface Infra {
  databaseUrl: string;
  brokers: string;
  /** Stops/starts the server for R9 and R12; only private infrastructure has these. */
  stopPostgres?: () => Promise<void>;
  startPostgres?: () => Promise<void>;
  stopBroker?: () => Promise<void>;
  startBroker?: () => Promise<void>;
}

/** How hard to push: the reduced run (tests, CI) or the full run. */
export interface RunSettings {
  mode: 'reduced' | 'full';
  ci: boolean;
}

/** One row of the fault table. */
export interface ScenarioResult extends Partial<LedgerCounts> {
  id: string;
  name: string;
  pass: boolean;
  skipped?: string;
  notes: string[];
  seconds: number;
}

/** A fault scenario: faults/scenarios/<id>-<name>.ts default-exports one. */
export interface Scenario {
  id: string;
  name: string;
  /** Scenarios that stop a server get private infrastructure (docs/adr/0005-fault-suite.md). */
  needs?: 'private-postgres' | 'private-broker';
  run(ctx: ScenarioContext): Promise<{ ledger: LedgerCounts; checks?: Record<string, boolean> }>;
}

/** Everything a scenario uses: its own schema and topic prefix, processes, load and ledger; closed by the runner. */
export class ScenarioContext {
  /** Contexts set up and not yet torn down (the runner cleans them up on Ctrl-C). */
  static readonly open = new Set<ScenarioContext>();
  readonly schema: string;
  readonly topicPrefix: string;
  readonly db: Pool;
  readonly notes: string[] = [];
  readonly processes: ServiceProcess[] = [];
  private topicNames: string[] = [];

  constructor(
    readonly id: string,
    readonly target: Target,
    readonly infra: Infra,
    readonly settings: RunSettings,
  ) {
    const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    this.schema = `faults_${id.toLowerCase()}_${suffix}`;
    this.topicPrefix = `faults-${id.toLowerCase()}-${suffix.replace(/_/g, '-')}.`;
    const url = new URL(infra.databaseUrl);
    url.searchParams.set('options', `-c search_path=${this.schema}`);
    this.db = new Pool({ connectionString: url.toString(), max: 3 });
    this.db.on('error', () => undefined); // R9 stops the server under it
  }

  /** `reduced` in the reduced run, `full` in the full one. */
  n<T>(reduced: T, full: T): T {
    return this.settings.mode === 'full' ? full : reduced;
  }

  get kafka(): KafkaConnection {
    return { brokers: this.infra.brokers.split(','), clientId: `faults-${this.id}`, topicPrefix: this.topicPrefix };
  }

  async setUp(): Promise<void> {
    ScenarioContext.open.add(this);
    const admin = new Pool({ connectionString: this.infra.databaseUrl, max: 1 });
    await admin.query(`CREATE SCHEMA "${this.schema}"`).finally(() => admin.end());
    // topic creation from parallel scenarios sometimes meets a transient metadata error: retry it
    for (let attempt = 1; ; attempt++) {
      try {
        this.topicNames = await ensureTopics(this.kafka, this.target.topics, { partitions: 3 });
        break;
      } catch (e) {
        if (attempt >= 5) throw e;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }

  /** Starts one process of the target and waits until it is ready. */
  async start(
    label: string,
    role: { relay: boolean; consumer: boolean },
    extra?: Record<string, string>,
  ): Promise<ServiceProcess> {
    const port = await freePort();
    const env = this.target.env({
      databaseUrl: this.infra.databaseUrl,
      schema: this.schema,
      brokers: this.infra.brokers,
      topicPrefix: this.topicPrefix,
      port,
      ...role,
      extra,
    });
    const p = new ServiceProcess(label, this.target.args, env, port);
    this.processes.push(p);
    await p.ready;
    return p;
  }

  /** Commands against the live HTTP processes among `from`. */
  load(from: () => ServiceProcess[], opts: ConstructorParameters<typeof CommandLoad>[2]): CommandLoad {
    return new CommandLoad(
      this.target,
      () =>
        from()
          .filter((p) => p.alive)
          .map((p) => p.url),
      opts,
    ).start();
  }

  ledger(acked: string[], timeoutMs = 120_000) {
    return settledLedger(this.db, this.target, acked, timeoutMs);
  }

  note(s: string): void {
    this.notes.push(s);
  }

  /** Kills what is left, drops the schema and topics. */
  async tearDown(): Promise<void> {
    ScenarioContext.open.delete(this);
    await Promise.all(this.processes.filter((p) => p.alive).map((p) => p.kill('SIGKILL')));
    await this.db.end().catch(() => undefined);
    const admin = new Pool({ connectionString: this.infra.databaseUrl, max: 1 });
    await admin
      .query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`)
      .catch(() => undefined)
      .finally(() => admin.end());
    if (this.topicNames.length) await deleteTopics(this.kafka, this.topicNames).catch(() => undefined);
  }
}

/** A random integer in [min, max]. */
export const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
