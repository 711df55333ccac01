import { DIVISION_CODE_PATTERN, DivisionRegisteredV1Payload, TOWN_PATTERN, VILLAGE_PATTERN } from '@civic/contracts';
import { isCalendarDate } from '@civic/calendar';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The data file the service seeds its division codes from (kept beside this code, shipped with the app). */
export const DIVISIONS_FILE = join(__dirname, 'divisions.json');

interface DivisionFile {
  effectiveFrom: string;
  towns: { code: string; name: string }[];
  villages: { code: string; name: string; townCode: string; kind: 'village' | 'community' }[];
}

/**
 * The divisions of the file, towns first, checked so a broken file stops the start-up instead of
 * publishing bad reference data: code shapes, each village's town listed, each village code
 * starting with its town's code, no code twice.
 */
export function readDivisionList(file: string = DIVISIONS_FILE): DivisionRegisteredV1Payload[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as DivisionFile;
  return divisionList(doc, file);
}

export function divisionList(doc: DivisionFile, where = 'division list'): DivisionRegisteredV1Payload[] {
  const fail = (why: string) => {
    throw new Error(`${where}: ${why}`);
  };
  if (!isCalendarDate(doc.effectiveFrom)) fail('effectiveFrom must be a date YYYY-MM-DD');
  const seen = new Set<string>();
  const once = (code: string) => {
    if (!DIVISION_CODE_PATTERN.test(code)) fail(`${code} is not a 9-digit town or 12-digit village code`);
    if (seen.has(code)) fail(`${code} is listed twice`);
    seen.add(code);
  };
  const towns = doc.towns.map((t): DivisionRegisteredV1Payload => {
    if (!TOWN_PATTERN.test(t.code)) fail(`town ${t.code} must have a 9-digit code`);
    once(t.code);
    return { code: t.code, level: 'town', name: t.name, effectiveFrom: doc.effectiveFrom };
  });
  const villages = doc.villages.map((v): DivisionRegisteredV1Payload => {
    if (!VILLAGE_PATTERN.test(v.code)) fail(`village ${v.code} must have a 12-digit code`);
    if (!towns.some((t) => t.code === v.townCode)) fail(`village ${v.code} names town ${v.townCode}, not listed`);
    if (!v.code.startsWith(v.townCode)) fail(`village ${v.code} does not start with its town code ${v.townCode}`);
    once(v.code);
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
