import { createHash } from 'node:crypto';

// The view tables and their sort keys. jsonb prints its keys in a canonical order, dates are
// formatted explicitly, so the same view always dumps to the same text.
const DUMPS: [string, string][] = [
  ['pe_person', `SELECT person_ref, attrs, stamps FROM pe_person ORDER BY person_ref COLLATE "C"`],
  ['pe_household', `SELECT household_id, attrs, stamps FROM pe_household ORDER BY household_id COLLATE "C"`],
  [
    'pe_household_member',
    `SELECT household_id, person_ref, relation, stamp FROM pe_household_member ORDER BY household_id COLLATE "C", person_ref COLLATE "C"`,
  ],
  [
    'pe_programme',
    `SELECT person_ref, department, programme, attrs, stamps FROM pe_programme ORDER BY person_ref COLLATE "C", department COLLATE "C", programme COLLATE "C"`,
  ],
  [
    'pe_expense',
    `SELECT person_ref, source_id, category, to_char(spent_on, 'YYYY-MM-DD') AS spent_on, amount_fen, event_id FROM pe_expense ORDER BY person_ref COLLATE "C", source_id COLLATE "C"`,
  ],
  [
    'pe_payment_event',
    `SELECT payment_id, status, person_ref, programme, to_char(dated, 'YYYY-MM-DD') AS dated, amount_fen, event_id FROM pe_payment_event ORDER BY payment_id COLLATE "C", status COLLATE "C"`,
  ],
  [
    'pe_parent',
    `SELECT child_ref, role, parent_ref, stamp, source FROM pe_parent ORDER BY child_ref COLLATE "C", role COLLATE "C"`,
  ],
  ['pe_person_alias', `SELECT old_ref, new_ref FROM pe_person_alias ORDER BY old_ref COLLATE "C"`],
  [
    'pe_scheduled_parameter',
    `SELECT event_id, key, value, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, source, scheduled_by, stamp FROM pe_scheduled_parameter ORDER BY event_id COLLATE "C"`,
  ],
];

/** sha256 over a canonical, sorted dump of the person view, with row counts and a digest per table. */
export async function viewDigest(manager: {
  query(sql: string): Promise<unknown>;
}): Promise<{ digest: string; rows: Record<string, number>; tables: Record<string, string> }> {
  const hash = createHash('sha256');
  const rows: Record<string, number> = {};
  const tables: Record<string, string> = {};
  for (const [table, sql] of DUMPS) {
    const lines = (await manager.query(`SELECT row_to_json(t)::text AS line FROM (${sql}) t`)) as { line: string }[];
    hash.update(`# ${table}\n`);
    const own = createHash('sha256');
    for (const l of lines) {
      hash.update(`${l.line}\n`);
      own.update(`${l.line}\n`);
    }
    tables[table] = own.digest('hex');
    rows[table] = lines.length;
  }
  return { digest: hash.digest('hex'), rows, tables };
}
