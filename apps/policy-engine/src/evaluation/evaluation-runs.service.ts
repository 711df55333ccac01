import { Clock, Filters, Page, pageOf } from '@civic/platform';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PolicyEngineConfig } from '../policy-engine.config';
import { lockKeys } from '../person-view/run-plan';
import { PersonEvaluator } from './person-evaluator.service';

export interface EvaluationRunRow {
  id: string;
  run_key: string;
  kind: string;
  evaluated_for: string;
  reason: string;
  status: 'pending' | 'running' | 'done';
  total: number | null;
  done: number;
  alerts_raised: number;
  failures: number;
  created_at: Date;
  finished_at: Date | null;
}

const COLUMNS = `id, run_key, kind, to_char(evaluated_for, 'YYYY-MM-DD') AS evaluated_for, reason, status, total, done, alerts_raised, failures, created_at, finished_at`;
const SELECT = `SELECT ${COLUMNS} FROM pe_evaluation_run`;

/**
 * Whole-population evaluations for a date: the daily run (date-driven rules: birthdays, bands,
 * overdue visits, re-verification), idempotent per day by its key, and the re-evaluation when a
 * dated parameter changes. Runs proceed in batches, each its own transaction, with progress
 * (done / total) stored after every batch, so a restart resumes where it stopped.
 */
@Injectable()
export class EvaluationRunsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EvaluationRunsService.name);
  private timer?: NodeJS.Timeout;
  private working?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly evaluator: PersonEvaluator,
    private readonly config: PolicyEngineConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.EVALUATION_WORKER !== 'on') return;
    this.timer = setInterval(() => void this.tick(), this.config.EVALUATION_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.working;
  }

  /** Creates a run unless one with the key exists; returns it and whether it is new. */
  async schedule(
    manager: EntityManager,
    r: { key: string; kind: string; date: string; reason: string },
  ): Promise<{ run: EvaluationRunRow; created: boolean }> {
    const inserted = await manager.query(
      `INSERT INTO pe_evaluation_run (id, run_key, kind, evaluated_for, reason, status) VALUES ($1, $2, $3, $4, $5, 'pending') ON CONFLICT (run_key) DO NOTHING RETURNING id`,
      [randomUUID(), r.key, r.kind, r.date, r.reason],
    );
    const [run] = await manager.query(`${SELECT} WHERE run_key = $1`, [r.key]);
    return { run, created: inserted.length === 1 };
  }

  /** The daily run for `date` (once per day whoever asks). */
  scheduleDaily(date: string): Promise<{ run: EvaluationRunRow; created: boolean }> {
    return this.dataSource.transaction((m) =>
      this.schedule(m, { key: `daily:${date}`, kind: 'daily', date, reason: 'daily evaluation of date-driven rules' }),
    );
  }

  async find(id: string): Promise<EvaluationRunRow | undefined> {
    const [run] = await this.dataSource.query(`${SELECT} WHERE id = $1`, [id]);
    return run;
  }

  list(limit: number, offset: number): Promise<Page<EvaluationRunRow>> {
    return pageOf(
      this.dataSource.manager,
      COLUMNS,
      'pe_evaluation_run',
      new Filters(),
      'created_at DESC, id',
      { limit, offset },
      (row: EvaluationRunRow) => row,
    );
  }

  /** One worker step: schedule today's daily run, then work pending runs until none is left. */
  async tick(): Promise<void> {
    if (this.working || this.stopped) return;
    this.working = (async () => {
      try {
        if (this.config.DAILY_EVALUATION === 'on') await this.scheduleDaily(this.clock.today());
        while (!this.stopped && (await this.step())) {
          /* next batch */
        }
      } catch (e) {
        this.logger.error(`evaluation run failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        this.working = undefined;
      }
    })();
    await this.working;
  }

  /** Works one batch of the oldest unfinished run; false when nothing is pending. */
  async step(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // SKIP LOCKED: several instances share the runs without evaluating one batch twice
      const [run]: (EvaluationRunRow & { cursor_ref: string | null })[] = await manager.query(
        `SELECT id, to_char(evaluated_for, 'YYYY-MM-DD') AS evaluated_for, total, cursor_ref FROM pe_evaluation_run WHERE status <> 'done' ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!run) return false;
      if (run.total === null) {
        const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM pe_person`);
        await manager.query(`UPDATE pe_evaluation_run SET total = $2, status = 'running' WHERE id = $1`, [run.id, n]);
      }
      const batch: { person_ref: string }[] = await manager.query(
        `SELECT person_ref FROM pe_person WHERE ($1::text IS NULL OR person_ref COLLATE "C" > $1::text COLLATE "C") ORDER BY person_ref COLLATE "C" LIMIT $2`,
        [run.cursor_ref, this.config.EVALUATION_BATCH_SIZE],
      );
      if (!batch.length) {
        await manager.query(`UPDATE pe_evaluation_run SET status = 'done', finished_at = now() WHERE id = $1`, [
          run.id,
        ]);
        this.logger.log({ msg: 'evaluation run finished', runId: run.id });
        return true;
      }
      const refs = batch.map((b) => b.person_ref);
      await lockKeys(manager, refs);
      // Alerts are current state: no alert-changing evaluation runs as of a past date
      // (docs/adr/0008-evaluation-dates.md). A run worked after its day (a backlog, a restart, a
      // parameter effective in the past) evaluates as of today instead.
      const today = this.clock.today();
      const date = run.evaluated_for < today ? today : run.evaluated_for;
      const tally = await this.evaluator.evaluate(manager, refs, date, {
        source: '/civic/policy-engine',
        correlationId: run.id,
        causationId: run.id,
      });
      await manager.query(
        `UPDATE pe_evaluation_run SET cursor_ref = $2, done = done + $3, alerts_raised = alerts_raised + $4, failures = failures + $5 WHERE id = $1`,
        [run.id, refs[refs.length - 1], refs.length, tally.alertsRaised, tally.failures],
      );
      return true;
    });
  }
}
