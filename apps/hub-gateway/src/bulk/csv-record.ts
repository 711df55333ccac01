import { CsvRow } from './csv-rows';

// A bulk file has a header row: record_id, record_type, id_number, then one column per data field
// of the record type, named as in the REST batch (deathDate, selfPaidFen, motherIdNumber, ...).
// Empty cells are absent fields. Cells are text; fields whose contract type is an integer
// (names ending in Fen, and level) or a flag (inpatient) are converted when they look like one,
// and otherwise left as text so validation names them.

const REQUIRED = ['record_id', 'record_type', 'id_number'];
const INTEGER_FIELDS = /Fen$|^level$/;
const FLAG_FIELDS = new Set(['inpatient']);

/** Checks the header row; returns the data column names by position, or what is wrong. */
export function readHeader(row: CsvRow): { ok: true; columns: string[] } | { ok: false; message: string } {
  const names = row.cells.map((c) => c.trim());
  const missing = REQUIRED.filter((r) => !names.includes(r));
  if (missing.length) return { ok: false, message: `the header row lacks ${missing.join(', ')}` };
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) return { ok: false, message: `the header row names ${dup} twice` };
  return { ok: true, columns: names };
}

/** One data row as a life-event record (the shape checkRecord takes). */
export function toRecord(columns: string[], row: CsvRow): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const data: Record<string, unknown> = {};
  columns.forEach((name, i) => {
    const cell = row.cells[i];
    if (cell === undefined || cell === '') return;
    if (name === 'record_id') record.recordId = cell;
    else if (name === 'record_type') record.recordType = cell;
    else if (name === 'id_number') record.idNumber = cell;
    else if (INTEGER_FIELDS.test(name) && /^-?\d{1,15}$/.test(cell)) data[name] = Number(cell);
    else if (FLAG_FIELDS.has(name) && (cell === 'true' || cell === 'false')) data[name] = cell === 'true';
    else data[name] = cell;
  });
  if (row.cells.length > columns.length) data['(extra cells)'] = row.cells.slice(columns.length).join(',');
  return { ...record, data };
}
