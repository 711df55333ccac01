import { AuthenticatedUser, Filters, ProblemException } from '@civic/platform';
import { EntityManager } from 'typeorm';
import { MonthlyRunSpec } from './monthly-run-spec';

/** Count, total, by programme and by town, over the run's payments that are not stopped (restricted to the caller's towns). */
export async function runReport(m: EntityManager, spec: MonthlyRunSpec, month: string, user: AuthenticatedUser) {
  const { payment, run: runTable } = spec.tables;
  const [run] = await m.query(
    `SELECT run_id, month, started_by, started_at, confirmed_by, confirmed_at FROM ${runTable} WHERE month = $1`,
    [month],
  );
  if (!run) throw ProblemException.notFound('payment run', month);
  const f = new Filters().eq('run_id', run.run_id).towns('town', user);
  const where = `${f.where()} AND status <> 'stopped'`;
  const sum = (group: string) =>
    m.query(
      `SELECT ${group} AS key, count(*)::int AS count, sum(amount_fen)::text AS total_fen FROM ${payment} ${where} GROUP BY ${group} ORDER BY ${group}`,
      f.params,
    );
  const [[totals], byProgramme, byTown, [stopped]] = await Promise.all([
    m.query(
      `SELECT count(*)::int AS count, COALESCE(sum(amount_fen), 0)::text AS total_fen, count(*) FILTER (WHERE flagged_after_death)::int AS flagged FROM ${payment} ${where}`,
      f.params,
    ),
    sum('programme'),
    sum('town'),
    m.query(`SELECT count(*)::int AS count FROM ${payment} ${f.where()} AND status = 'stopped'`, f.params),
  ]);
  const rows = (list: { key: string; count: number; total_fen: string }[]) =>
    Object.fromEntries(list.map((r) => [r.key, { count: r.count, totalFen: Number(r.total_fen) }]));
  return {
    runId: run.run_id as string,
    month,
    startedBy: run.started_by as string,
    confirmedBy: run.confirmed_by as string | null,
    count: totals.count as number,
    totalFen: Number(totals.total_fen),
    flaggedAfterDeath: totals.flagged as number,
    stopped: stopped.count as number,
    byProgramme: rows(byProgramme),
    byTown: rows(byTown),
  };
}
