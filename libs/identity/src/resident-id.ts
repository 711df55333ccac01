import { isCalendarDate, todayInShanghai } from '@civic/calendar';
import provinces from './province-codes.data.json';

/** A validated 18-character resident ID number and what it encodes (GB 11643-1999). */
export interface ResidentId {
  /** Normalised: 18 characters, check character 'X' upper-case. */
  number: string;
  birthDate: string;
  sex: 'male' | 'female';
  /** The 6-digit address code (only its province part is checked). */
  regionCode: string;
}

export type ResidentIdRejection = 'checksum' | 'date' | 'length' | 'region' | 'format';

/** Outcome of parsing; a rejection's message never repeats the input. */
export type ResidentIdResult =
  { ok: true; id: ResidentId } | { ok: false; reason: ResidentIdRejection; message: string };

// ISO 7064 MOD 11-2 as tabulated in GB 11643-1999.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_YEAR = 1800;
const provinceCodes: Readonly<Record<string, string>> = provinces.codes;

/** The check character (0-9 or 'X') for the first 17 digits of a resident ID number. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkCharacter: expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/**
 * Validates an 18-character resident ID number (or a legacy 15-digit one, which is converted)
 * as of `today` (Asia/Shanghai 'YYYY-MM-DD', default now) and derives birth date and sex.
 */
export function parseResidentId(raw: string, today: string = todayInShanghai()): ResidentIdResult {
  if (!isCalendarDate(today)) throw new RangeError('parseResidentId: today must be a YYYY-MM-DD calendar date');
  if (typeof raw !== 'string') return reject('format', 'resident ID number must be a string');
  const candidate = raw.trim().toUpperCase();
  if (!/^[0-9X]*$/.test(candidate)) return reject('format', 'resident ID number may contain only digits and a final X');
  if (candidate.length === 15) return parseLegacy(candidate, today);
  if (candidate.length !== 18)
    return reject('length', 'resident ID number must have 18 characters (or 15 for the legacy form)');
  if (!/^\d{17}[0-9X]$/.test(candidate)) return reject('format', 'only the check character (the last) may be X');

  const fields = checkFields(candidate.slice(0, 6), candidate.slice(6, 14), today);
  if (fields) return fields;
  if (checkCharacter(candidate.slice(0, 17)) !== candidate[17]) {
    return reject('checksum', 'check character does not match the first 17 digits (ISO 7064 MOD 11-2)');
  }
  return { ok: true, id: describe(candidate) };
}

/**
 * Converts a legacy 15-digit number (birth year without century, always 19xx, no check
 * character) to its 18-character form, validating it as `parseResidentId` does.
 */
export function convertLegacy15(raw15: string, today: string = todayInShanghai()): ResidentIdResult {
  if (!isCalendarDate(today)) throw new RangeError('convertLegacy15: today must be a YYYY-MM-DD calendar date');
  if (typeof raw15 !== 'string') return reject('format', 'resident ID number must be a string');
  const candidate = raw15.trim().toUpperCase();
  if (!/^[0-9X]*$/.test(candidate)) return reject('format', 'legacy resident ID number may contain only digits');
  if (candidate.length !== 15) return reject('length', 'legacy resident ID number must have 15 digits');
  return parseLegacy(candidate, today);
}

function parseLegacy(digits15: string, today: string): ResidentIdResult {
  if (!/^\d{15}$/.test(digits15)) return reject('format', 'legacy resident ID number may contain only digits');
  const first17 = `${digits15.slice(0, 6)}19${digits15.slice(6)}`;
  const fields = checkFields(first17.slice(0, 6), first17.slice(6, 14), today);
  if (fields) return fields;
  return { ok: true, id: describe(first17 + checkCharacter(first17)) };
}

function checkFields(region: string, yyyymmdd: string, today: string): ResidentIdResult | undefined {
  if (!(region.slice(0, 2) in provinceCodes))
    return reject('region', 'region code does not start with a province-level code (GB/T 2260)');
  const birthDate = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (!isCalendarDate(birthDate)) return reject('date', 'birth date is not a real calendar date');
  if (Number(birthDate.slice(0, 4)) < EARLIEST_BIRTH_YEAR)
    return reject('date', `birth year is before ${EARLIEST_BIRTH_YEAR}`);
  if (birthDate > today) return reject('date', 'birth date is in the future');
  return undefined;
}

function describe(number: string): ResidentId {
  return {
    number,
    birthDate: `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`,
    // GB 11643-1999: the sequence code is odd for men, even for women.
    sex: Number(number[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: number.slice(0, 6),
  };
}

function reject(reason: ResidentIdRejection, message: string): ResidentIdResult {
  return { ok: false, reason, message };
}
