import { AuthenticatedUser } from '../auth/authenticated-user';
import { EntityManager } from 'typeorm';
import { Page } from './pagination.dto';

/** Builds `WHERE` conditions with numbered parameters, including the caller's town restriction. */
export class Filters {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds `column = value` when value is given. */
  eq(column: string, value: unknown): this {
    if (value === undefined || value === null || value === '') return this;
    this.params.push(value);
    this.conditions.push(`${column} = $${this.params.length}`);
    return this;
  }

  /** Adds a condition built around one parameter placeholder, when value is given. */
  cond(template: (placeholder: string) => string, value: unknown): this {
    if (value === undefined || value === null || value === '') return this;
    this.params.push(value);
    this.conditions.push(template(`$${this.params.length}`));
    return this;
  }

  /** Restricts rows to the user's towns: a role opens a kind of record, not every town's (object-level check); no claim, no restriction. */
  towns(column: string, user: AuthenticatedUser): this {
    if (user.towns === undefined) return this;
    this.params.push(user.towns);
    this.conditions.push(`${column} = ANY($${this.params.length})`);
    return this;
  }

  where(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/** Runs a paged select: `from` is the FROM clause, rows mapped by `map`. */
export async function pageOf<R, T>(
  m: EntityManager,
  select: string,
  from: string,
  filters: Filters,
  orderBy: string,
  page: { limit?: number; offset?: number },
  map: (row: R) => T,
): Promise<Page<T>> {
  const limit = page.limit ?? 50;
  const offset = page.offset ?? 0;
  const where = filters.where();
  const n = filters.params.length;
  const [rows, [{ total }]] = await Promise.all([
    m.query(`SELECT ${select} FROM ${from} ${where} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [
      ...filters.params,
      limit,
      offset,
    ]),
    m.query(`SELECT count(*)::int AS total FROM ${from} ${where}`, filters.params),
  ]);
  return { items: (rows as R[]).map(map), total, limit, offset };
}

/** Rows of an UPDATE/DELETE ... RETURNING (TypeORM answers those as [rows, affectedCount]). */
export async function updateReturning<R>(m: EntityManager, sql: string, params: unknown[]): Promise<R[]> {
  const result = await m.query(sql, params);
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? (result[0] as R[])
    : (result as R[]);
}
