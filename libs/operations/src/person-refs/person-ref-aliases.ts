import { isPersonRefRekeyedType } from '@civic/contracts';
import { EntityManager } from 'typeorm';

/** A personRef column of a service's own tables. */
export interface PersonRefColumn {
  table: string;
  column: string;
  /**
   * Set when the ref is (part of) a unique key, so a person registered once under each key (an
   * old-key row and a new-key row) would make the move fail. `clash` is the SQL condition, over the
   * old-key row `o` and a new-key row `n` of the same person, under which both cannot coexist
   * (`'true'` when the ref alone is unique). `resolve` settles the old-key row
   * (docs/adr/0018-person-ref-rekeying.md "Unique conflicts"): `merge` deletes it, for a fact the
   * new-key row states as well (a death, a membership); `mark` leaves it under the old ref and lists
   * it in person_ref_conflict, for a registration whose merging is a caseworker's decision.
   */
  unique?: { clash: string; resolve: 'merge' | 'mark' };
  /**
   * Set for a jsonb document holding refs as string values (a household snapshot's members): `rows`
   * is the SQL condition picking the rows whose document may hold the ref (`$1` old, `$2` new), so a
   * move reads those rows, not the table. List it after the plain column `rows` relies on.
   */
  json?: { rows: string };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Table and column names go into SQL text: only plain lower-case identifiers are accepted. */
export function checkColumns(columns: PersonRefColumn[]): PersonRefColumn[] {
  for (const c of columns)
    if (!IDENTIFIER.test(c.table) || !IDENTIFIER.test(c.column))
      throw new RangeError(`personRef column ${c.table}.${c.column}: not a plain identifier`);
  return columns;
}

/**
 * SQL for "the ref as it is now" of a personRef parameter (e.g. `currentRefSql('$1')`): an event that
 * still carries an old ref finds the row that was re-keyed. Use it wherever a consumed event's ref
 * is looked up in the service's tables.
 */
export const currentRefSql = (param: string): string =>
  `coalesce((SELECT new_ref FROM person_ref_alias WHERE old_ref = ${param}), ${param})`;

/**
 * Moves every stored `oldRef` to `newRef` and records the alias, in the caller's transaction.
 * Idempotent (a second run finds nothing under the old ref); an alias pointing at `oldRef` (a ref
 * re-keyed before) is moved on too, so look-ups never need more than one hop.
 */
export async function moveRef(
  manager: EntityManager,
  columns: PersonRefColumn[],
  oldRef: string,
  newRef: string,
): Promise<void> {
  if (oldRef === newRef) return;
  for (const c of columns) {
    if (c.json) {
      // the ref as a whole JSON string: never a part of another value
      await manager.query(
        `UPDATE ${c.table} SET ${c.column} = replace(${c.column}::text, '"' || $1 || '"', '"' || $2 || '"')::jsonb
         WHERE (${c.json.rows}) AND strpos(${c.column}::text, '"' || $1 || '"') > 0`,
        [oldRef, newRef],
      );
      continue;
    }
    if (!c.unique) {
      await manager.query(`UPDATE ${c.table} SET ${c.column} = $2 WHERE ${c.column} = $1`, [oldRef, newRef]);
      continue;
    }
    const clash = `EXISTS (SELECT 1 FROM ${c.table} n WHERE n.${c.column} = $2 AND (${c.unique.clash}))`;
    if (c.unique.resolve === 'merge')
      await manager.query(`DELETE FROM ${c.table} o WHERE o.${c.column} = $1 AND ${clash}`, [oldRef, newRef]);
    else
      await manager.query(
        `INSERT INTO person_ref_conflict (table_name, column_name, old_ref, new_ref)
         SELECT $3, $4, $1, $2 WHERE EXISTS (SELECT 1 FROM ${c.table} o WHERE o.${c.column} = $1 AND ${clash})
         ON CONFLICT DO NOTHING`,
        [oldRef, newRef, c.table, c.column],
      );
    await manager.query(`UPDATE ${c.table} o SET ${c.column} = $2 WHERE o.${c.column} = $1 AND NOT ${clash}`, [
      oldRef,
      newRef,
    ]);
  }
  await manager.query(`UPDATE person_ref_alias SET new_ref = $2 WHERE new_ref = $1`, [oldRef, newRef]);
  await manager.query(
    `INSERT INTO person_ref_alias (old_ref, new_ref) VALUES ($1, $2) ON CONFLICT (old_ref) DO UPDATE SET new_ref = EXCLUDED.new_ref`,
    [oldRef, newRef],
  );
}

// A payload key holding a person's ref: personRef, childRef, motherPersonRef, guardianRef, ...
const REF_KEY = /(^r|R)ef$/;

/**
 * The event with every personRef of its payload (any key ending in `Ref`, at any depth) replaced by
 * the ref it was re-keyed to, from person_ref_alias: for `InboxTransportOptions.prepare`, so every
 * consumed event reaches its handler under current refs whatever key it was published under. A
 * value that is no alias (not a ref, or current) is left as is. Re-keying events are left whole:
 * their old ref is the point.
 */
export async function eventWithCurrentRefs<E extends { type: string; data: unknown }>(
  event: E,
  manager: EntityManager,
): Promise<E> {
  if (isPersonRefRekeyedType(event.type)) return event;
  const refs = new Set<string>();
  const collect = (v: unknown, key = ''): void => {
    if (typeof v === 'string' && REF_KEY.test(key)) refs.add(v);
    else if (Array.isArray(v)) v.forEach((x) => collect(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, k);
  };
  collect(event.data);
  if (!refs.size) return event;
  const rows: { old_ref: string; new_ref: string }[] = await manager.query(
    `SELECT old_ref, new_ref FROM person_ref_alias WHERE old_ref = ANY($1::text[])`,
    [[...refs]],
  );
  if (!rows.length) return event;
  return { ...event, data: withRefsResolved(event.data, new Map(rows.map((r) => [r.old_ref, r.new_ref]))) };
}

/**
 * `data` with every personRef (a string under a key ending in `Ref`, at any depth) replaced by its
 * alias target; other values are left as they are. For a holder that keeps data as received and
 * resolves refs when it reads (indicators' facts), with the aliases loaded once.
 */
export function withRefsResolved<T>(data: T, alias: ReadonlyMap<string, string>): T {
  if (!alias.size) return data;
  const rewrite = (v: unknown, key = ''): unknown => {
    if (typeof v === 'string') return REF_KEY.test(key) ? (alias.get(v) ?? v) : v;
    if (Array.isArray(v)) return v.map((x) => rewrite(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x, k)]));
    return v;
  };
  return rewrite(data) as T;
}
