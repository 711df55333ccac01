import { DIVISION_CODE_PATTERN, DivisionRegisteredV1Payload, TOWN_PATTERN, VILLAGE_PATTERN } from '@civic/contracts';
import { isCalendarDate } from '@civic/calendar';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The data file the service seeds its division codes from (kept beside this code, shipped with the app). */
export const DIVISIONS_FILE = join(__dirname, 'divisions.json');

/** The shape of divisions.json and of the body of POST /api/v1/divisions/import. */
export interface DivisionFile {
  effectiveFrom: string;
  /** Where the list comes from (publication and date), so a reader can check it. */
  source?: string;
  /** True while the list holds example rows instead of the city's real list (divisions.json does). */
  example?: boolean;
  towns: { code: string; name: string }[];
  villages: { code: string; name: string; townCode: string; kind: 'village' | 'community' }[];
}

/** Why a list was refused: the field (`villages[3].townCode`) and the rule, as a problem document names them. */
export class DivisionListError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The divisions of the file, towns first, checked so a broken file stops the start-up instead of
 * publishing bad reference data: code shapes, each village's town listed, each village code
 * starting with its town's code, no code twice.
 */
export function readDivisionList(file: string = DIVISIONS_FILE): DivisionRegisteredV1Payload[] {
  return divisionListOfFile(file).list;
}

/** The file's list and whether it is example data. */
export function divisionListOfFile(file: string = DIVISIONS_FILE): {
  list: DivisionRegisteredV1Payload[];
  example: boolean;
} {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as DivisionFile;
  try {
    return { list: divisionList(doc), example: doc.example === true };
  } catch (e) {
    throw new Error(`${file}: ${e instanceof Error ? e.message : e}`);
  }
}

/**
 * Checks a list and returns its divisions, towns first. A village's town must be in the list or in
 * `knownTowns` (the towns already registered, for an import that adds villages only). Throws a
 * DivisionListError naming the first field that breaks a rule.
 */
export function divisionList(
  doc: DivisionFile,
  knownTowns: ReadonlySet<string> = new Set(),
): DivisionRegisteredV1Payload[] {
  const fail = (field: string, rule: string, why: string): never => {
    throw new DivisionListError(field, rule, why);
  };
  if (!isCalendarDate(doc.effectiveFrom))
    fail('effectiveFrom', 'isDateOnly', 'effectiveFrom must be a date YYYY-MM-DD');
  const seen = new Set<string>();
  const once = (field: string, code: string) => {
    if (!DIVISION_CODE_PATTERN.test(code))
      fail(field, 'divisionCode', `${code} is not a 9-digit town or 12-digit village code`);
    if (seen.has(code)) fail(field, 'unique', `${code} is listed twice`);
    seen.add(code);
  };
  const towns = doc.towns.map((t, i): DivisionRegisteredV1Payload => {
    if (!TOWN_PATTERN.test(t.code)) fail(`towns[${i}].code`, 'isTown', `town ${t.code} must have a 9-digit code`);
    once(`towns[${i}].code`, t.code);
    return { code: t.code, level: 'town', name: t.name, effectiveFrom: doc.effectiveFrom };
  });
  const villages = doc.villages.map((v, i): DivisionRegisteredV1Payload => {
    if (!VILLAGE_PATTERN.test(v.code))
      fail(`villages[${i}].code`, 'isVillage', `village ${v.code} must have a 12-digit code`);
    if (!towns.some((t) => t.code === v.townCode) && !knownTowns.has(v.townCode))
      fail(`villages[${i}].townCode`, 'knownDivision', `village ${v.code} names town ${v.townCode}, not listed`);
    if (!v.code.startsWith(v.townCode))
      fail(`villages[${i}].code`, 'withinTown', `village ${v.code} does not start with its town code ${v.townCode}`);
    once(`villages[${i}].code`, v.code);
    return {
      code: v.code,
      level: 'village',
      name: v.name,
      townCode: v.townCode,
      kind: v.kind,
      effectiveFrom: doc.effectiveFrom,
    };
  });
  return [...towns, ...villages];
}
