import { DataSource, DataSourceOptions } from 'typeorm';

/**
 * The advisory-lock key of a schema's migrations: the two-int form, namespaced by 'civic.migrations',
 * so it cannot collide with the outbox relay's ('civic.outbox', schema) or the audit chain's lock.
 */
const LOCK = `hashtext('civic.migrations'), hashtext(current_schema())`;

/**
 * Runs the pending migrations while holding a session advisory lock on the schema. Replicas that
 * start together (a rollout, a scale-up, four pods on a fresh database) take turns: the first
 * migrates, the others wait and then find nothing pending. Without the lock they race on
 * CREATE TABLE and fail with `duplicate key value violates unique constraint
 * "pg_type_typname_nsp_index"`. The lock is held on its own connection (so the migrations'
 * transactions are unaffected) and released with it, also if the process dies.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    await session.query(`SELECT pg_advisory_lock(${LOCK})`);
    try {
      await dataSource.runMigrations();
    } finally {
      await session.query(`SELECT pg_advisory_unlock(${LOCK})`);
    }
  } finally {
    await session.release();
  }
}

/**
 * The DataSource factory of DatabaseModule: connects with `migrationsRun` off, then migrates under
 * the lock. A failed migration closes the pool, so the module's connection retry starts clean.
 */
export async function initializeWithLockedMigrations(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
  try {
    await runMigrationsLocked(dataSource);
  } catch (e) {
    await dataSource.destroy().catch(() => undefined);
    throw e;
  }
  return dataSource;
}
