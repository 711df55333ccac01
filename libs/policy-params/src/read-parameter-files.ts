import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { isCalendarDate } from '@civic/calendar';
import { ParameterFileError } from './parameter-errors';
import { PARAMETER_UNITS, ParameterDefinition, ParameterEntry, ParameterUnit, unitProblem } from './parameter-value';

const KEY_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const ENTRY_FIELDS = new Set(['value', 'source', 'placeholder', 'note']);
const DEFINITION_FIELDS = new Set(['description', 'unit', 'values']);

/** Reads and checks every `<area>.yaml` in `dir`; each key must start with its file's area. */
export function readParameterFiles(dir: string): ParameterDefinition[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  if (files.length === 0) throw new ParameterFileError(`no parameter files (*.yaml) in ${dir}`);
  const definitions = new Map<string, ParameterDefinition>();
  for (const file of files) {
    const area = basename(file, '.yaml');
    let document: unknown;
    try {
      document = parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new ParameterFileError(`${file}: not valid YAML: ${(error as Error).message}`);
    }
    if (!isRecord(document)) throw new ParameterFileError(`${file}: expected a mapping of parameter keys`);
    for (const [key, body] of Object.entries(document)) {
      const where = `${file}: ${key}`;
      if (!KEY_PATTERN.test(key) || !key.startsWith(`${area}.`))
        throw new ParameterFileError(`${where}: keys are dotted snake_case starting with "${area}."`);
      if (definitions.has(key)) throw new ParameterFileError(`${where}: also defined in ${definitions.get(key)?.file}`);
      definitions.set(key, readDefinition(key, body, file, where));
    }
  }
  return [...definitions.values()];
}

function readDefinition(key: string, body: unknown, file: string, where: string): ParameterDefinition {
  if (!isRecord(body)) throw new ParameterFileError(`${where}: expected description, unit and values`);
  const unknownField = Object.keys(body).find((field) => !DEFINITION_FIELDS.has(field));
  if (unknownField) throw new ParameterFileError(`${where}: unknown field "${unknownField}"`);
  const { description, unit, values } = body;
  if (typeof description !== 'string' || description.trim() === '')
    throw new ParameterFileError(`${where}: description is required`);
  if (!PARAMETER_UNITS.includes(unit as ParameterUnit))
    throw new ParameterFileError(`${where}: unit must be one of ${PARAMETER_UNITS.join(', ')}`);
  if (!isRecord(values) || Object.keys(values).length === 0)
    throw new ParameterFileError(`${where}: values must map effective dates to entries`);
  const entries = Object.entries(values).map(([date, entry]) =>
    readEntry(unit as ParameterUnit, date, entry, `${where} ${date}`),
  );
  entries.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  return { key, description, unit: unit as ParameterUnit, file, entries };
}

function readEntry(unit: ParameterUnit, date: string, entry: unknown, where: string): ParameterEntry {
  if (!isCalendarDate(date))
    throw new ParameterFileError(`${where}: effective dates are quoted 'YYYY-MM-DD' calendar dates`);
  if (!isRecord(entry)) throw new ParameterFileError(`${where}: expected { value, source, placeholder?, note? }`);
  const unknownField = Object.keys(entry).find((field) => !ENTRY_FIELDS.has(field));
  if (unknownField) throw new ParameterFileError(`${where}: unknown field "${unknownField}"`);
  const problem = unitProblem(unit, entry.value);
  if (problem) throw new ParameterFileError(`${where}: value must be ${problem} (unit ${unit})`);
  for (const field of ['source', 'placeholder', 'note'] as const) {
    const text = entry[field];
    const required = field === 'source';
    if ((required || text !== undefined) && (typeof text !== 'string' || text.trim() === '')) {
      throw new ParameterFileError(`${where}: ${field} must be non-empty text${required ? '' : ' when present'}`);
    }
  }
  return {
    effectiveFrom: date,
    value: entry.value as number | string,
    source: entry.source as string,
    ...(entry.placeholder !== undefined && { placeholder: entry.placeholder as string }),
    ...(entry.note !== undefined && { note: entry.note as string }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
