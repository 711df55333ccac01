import { isCalendarDate } from '@civic/calendar';
import { checkCharacter } from './resident-id';
import provinces from './province-codes.data.json';

// The one guard that finds resident ID numbers in text (docs/domain.md "People, households and
// identity": no raw number in events, logs, errors or free-text columns). The event guard
// (libs/contracts createEvent), the audit guard and log redactor (libs/platform) and request
// validation (IsFreeText's `noIdNumber`) all call it, so a disguise one of them sees, all see.
//
// A number is found however it is written: full-width or other compatibility digits and letters
// (NFKC), Chinese numerals, spaces, dashes, dots, slashes, commas or zero-width characters between
// its digits. It is matched, not guessed: an 18-character number needs a province code, a real
// birth date and the right check character; a legacy 15-digit one a province code and a real
// 19yy birth date. A longer digit run is not an ID number, so account numbers, offsets and
// timestamps stay readable in logs.

const provinceCodes: Readonly<Record<string, string>> = provinces.codes;

/** Where a resident ID number stands in a text: [start, end) in UTF-16 units, and its 18-character form. */
export interface IdNumberMatch {
  start: number;
  end: number;
  /** 18 characters (a legacy 15-digit number converted), check character upper-case. */
  number: string;
}

const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  〇: '0',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

// Characters a writer may put between digit groups; zero-width ones may hide anywhere.
const SEPARATOR = /^[\s\u00AD\u180E\u200B-\u200F\u2060\uFEFF\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D._·•・。/\\,，、]$/u;

// Quick exit for the ordinary string: without 15 digit-like characters no number can be there.
const DIGIT_LIKE = /[0-9\uFF10-\uFF19〇零一二三四五六七八九]|[^\x00-\x7F]/gu;

// Random identifiers: a UUID, a W3C trace context, a trace or span id, a SHA-1 or SHA-256 hex digest.
// Their digits are random, and read across the dashes a UUID holds a valid legacy number about once
// in 30,000 (measured: `c3155258-5051-4629-…` reads as 315525 1985-05-14), a traceparent once in
// 10,000. The event guard would then refuse a correct event and the ID scan fail a clean test run,
// so such a token, standing alone, is not read for numbers. A hex token must hold a letter a-f:
// a bare digit run of 16 or 32 is read as usual.
const RANDOM_TOKEN = new RegExp(
  [
    '(?<![0-9A-Za-z])(?:',
    '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
    '|[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}',
    '|(?=[0-9]*[a-fA-F])(?:[0-9a-fA-F]{64}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32}|[0-9a-fA-F]{16})',
    ')(?![0-9A-Za-z])',
  ].join(''),
  'g',
);

/** `text` with every random identifier blanked to '#' (same length, so offsets still hold). */
function withoutRandomTokens(text: string): string {
  return text.replace(RANDOM_TOKEN, (token) => '#'.repeat(token.length));
}

type CharKind = { kind: 'digit'; value: string } | { kind: 'check' } | { kind: 'separator' } | { kind: 'other' };

function classify(ch: string): CharKind {
  if (ch >= '0' && ch <= '9') return { kind: 'digit', value: ch };
  if (ch.length === 1 && ch.charCodeAt(0) < 0x80) {
    if (ch === 'X' || ch === 'x') return { kind: 'check' };
    return SEPARATOR.test(ch) ? { kind: 'separator' } : { kind: 'other' };
  }
  const chinese = CHINESE_DIGITS[ch];
  if (chinese) return { kind: 'digit', value: chinese };
  if (SEPARATOR.test(ch)) return { kind: 'separator' };
  const compat = ch.normalize('NFKC');
  if (compat.length === 1 && compat >= '0' && compat <= '9') return { kind: 'digit', value: compat };
  if (compat === 'X' || compat === 'x') return { kind: 'check' };
  if (compat.length > 0 && [...compat].every((c) => SEPARATOR.test(c))) return { kind: 'separator' };
  return { kind: 'other' };
}

interface Run {
  digits: string;
  start: number;
  end: number;
}

/** Maximal digit runs (an X may end one) grouped where only separators stand between them. */
function digitGroups(text: string): Run[][] {
  const groups: Run[][] = [];
  let group: Run[] = [];
  let run: Run | undefined;
  let i = 0;
  const closeRun = () => {
    if (run) group.push(run);
    run = undefined;
  };
  const closeGroup = () => {
    closeRun();
    if (group.length) groups.push(group);
    group = [];
  };
  for (const ch of text) {
    const c = classify(ch);
    const next = i + ch.length;
    if (c.kind === 'digit') {
      if (!run) run = { digits: '', start: i, end: i };
      run.digits += c.value;
      run.end = next;
    } else if (c.kind === 'check' && (run || group.length)) {
      // the check character ends a run, or stands alone after a separator ("… 123 X")
      if (!run) run = { digits: '', start: i, end: i };
      run.digits += 'X';
      run.end = next;
      closeRun();
    } else if (c.kind === 'separator') {
      closeRun();
    } else {
      closeGroup();
    }
    i = next;
  }
  closeGroup();
  return groups;
}

/** The 18-character form when `candidate` (15 or 18 characters, digits and X) is a valid resident ID number. */
function asResidentId(candidate: string): string | undefined {
  if (candidate.length === 18) {
    if (!/^\d{17}[\dX]$/.test(candidate)) return undefined;
    if (!plausibleFields(candidate.slice(0, 6), candidate.slice(6, 14))) return undefined;
    return checkCharacter(candidate.slice(0, 17)) === candidate[17] ? candidate : undefined;
  }
  if (candidate.length === 15 && /^\d{15}$/.test(candidate)) {
    const first17 = `${candidate.slice(0, 6)}19${candidate.slice(6)}`;
    if (!plausibleFields(first17.slice(0, 6), first17.slice(6, 14))) return undefined;
    return first17 + checkCharacter(first17);
  }
  return undefined;
}

// No clock here: a guard must give the same verdict today and in a replay, so the year bounds are fixed.
function plausibleFields(region: string, yyyymmdd: string): boolean {
  if (!(region.slice(0, 2) in provinceCodes)) return false;
  const year = Number(yyyymmdd.slice(0, 4));
  if (year < 1800 || year > 2199) return false;
  return isCalendarDate(`${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`);
}

/** Every resident ID number in `text`, in any of the disguises above, in order and not overlapping. */
export function findIdNumbers(text: string): IdNumberMatch[] {
  if (typeof text !== 'string' || text.length < 15) return [];
  const digitLike = text.match(DIGIT_LIKE);
  if (!digitLike || digitLike.length < 15) return [];
  const found: IdNumberMatch[] = [];
  for (const runs of digitGroups(withoutRandomTokens(text))) {
    let i = 0;
    while (i < runs.length) {
      let candidate = '';
      let matched: IdNumberMatch | undefined;
      let j = i;
      for (; j < runs.length && candidate.length < 18; j++) {
        candidate += runs[j].digits;
        if (candidate.length === 15 || candidate.length === 18) {
          const number = asResidentId(candidate);
          if (number) matched = { start: runs[i].start, end: runs[j].end, number };
          // an 18-character reading wins over the 15-digit one it starts with
        }
      }
      if (matched) {
        found.push(matched);
        i = runs.findIndex((r) => r.end === matched!.end) + 1;
      } else i++;
    }
  }
  return found;
}

/** True when `text` holds a resident ID number in any disguise. */
export function containsIdNumber(text: string): boolean {
  return findIdNumbers(text).length > 0;
}

/** The text with every resident ID number (in any disguise) replaced; other digit runs stay. */
export function redactIdNumbers(text: string, replacement = '[id-redacted]'): string {
  const found = findIdNumbers(text);
  if (!found.length) return text;
  let out = '';
  let at = 0;
  for (const m of found) {
    out += text.slice(at, m.start) + replacement;
    at = m.end;
  }
  return out + text.slice(at);
}

/** Dotted path of the first string (or key) anywhere in `value` holding a resident ID number, or undefined. */
export function findIdNumberPath(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return containsIdNumber(value) ? path || '(value)' : undefined;
  if (typeof value !== 'object' || value === null || depth > 256) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (containsIdNumber(k)) return p;
    const found = findIdNumberPath(v, p, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
