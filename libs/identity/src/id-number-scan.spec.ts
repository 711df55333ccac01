import { randomBytes, randomUUID } from 'crypto';
import { containsIdNumber, findIdNumberPath, findIdNumbers, redactIdNumbers } from './id-number-scan';
import { checkCharacter } from './resident-id';

// One valid 18-character number (Guangdong, born 1990-03-07) and a legacy 15-digit one.
const FIRST17 = '44200019900307451';
const ID = FIRST17 + checkCharacter(FIRST17);
const LEGACY = '442000900307451';
const LEGACY18 = '44200019900307451' + checkCharacter('44200019900307451');
const WITH_X = (() => {
  for (let seq = 0; seq < 1000; seq++) {
    const f = `110101198001015${String(seq).padStart(2, '0')}`.slice(0, 17);
    if (checkCharacter(f) === 'X') return `${f}X`;
  }
  throw new Error('no X number found');
})();
/** A 16-digit span id that, followed by the trace flags 01, is a valid 18-character number. */
const DIGIT_SPAN = (() => {
  for (let seq = 0; seq < 100; seq++) {
    const span = `44200019900307${String(seq).padStart(2, '0')}`;
    if (checkCharacter(`${span}0`) === '1') return span;
  }
  throw new Error('no span id found');
})();

const fullWidth = (s: string) =>
  [...s].map((c) => (/[0-9A-Z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
const chinese = (s: string) => [...s].map((c) => '〇一二三四五六七八九'[Number(c)] ?? c).join('');
const groups = (s: string, sep: string, sizes = [6, 8, 4]) => {
  const out: string[] = [];
  let at = 0;
  for (const n of sizes) out.push(s.slice(at, (at += n)));
  return out.join(sep);
};

/** Every disguise the guard must see through, each inside ordinary text. */
const DISGUISES: [string, string][] = [
  ['plain', ID],
  ['lower-case x check character', WITH_X.toLowerCase()],
  ['upper-case X check character', WITH_X],
  ['legacy 15 digits', LEGACY],
  ['spaces 6-8-4', groups(ID, ' ')],
  ['spaces in fours', groups(ID, ' ', [4, 4, 4, 4, 2])],
  ['dashes', groups(ID, '-')],
  ['en and em dashes', groups(ID, '–').replace('–', '—')],
  ['dots', groups(ID, '.')],
  ['slashes and underscores', groups(ID, '/').replace('/', '_')],
  ['commas (ASCII and full-width)', groups(ID, ',').replace(',', '，')],
  ['ideographic space', groups(ID, '\u3000')],
  ['no-break space', groups(ID, '\u00a0')],
  ['tabs and new lines', groups(ID, '\t').replace('\t', '\n')],
  ['several separators', groups(ID, ' - ')],
  ['zero-width space between every digit', [...ID].join('\u200b')],
  ['zero-width space before the X', [...WITH_X].join('\u200b')],
  ['a space before the X', `${WITH_X.slice(0, 17)} X`],
  ['zero-width joiner and BOM', `${ID.slice(0, 9)}\u200d${ID.slice(9, 12)}\ufeff${ID.slice(12)}`],
  ['soft hyphen', `${ID.slice(0, 6)}\u00ad${ID.slice(6)}`],
  ['full-width digits', fullWidth(ID)],
  ['full-width digits and X', fullWidth(WITH_X)],
  ['full-width with spaces', groups(fullWidth(ID), ' ')],
  ['full-width hyphen', groups(ID, '\uff0d')],
  ['mixed width', fullWidth(ID.slice(0, 9)) + ID.slice(9)],
  ['Chinese numerals', chinese(ID)],
  ['mathematical bold digits', [...ID].map((c) => String.fromCodePoint(0x1d7ce + Number(c))).join('')],
  ['legacy 15 digits with spaces', groups(LEGACY, ' ', [6, 6, 3])],
];

describe('findIdNumbers: one guard for every disguise', () => {
  it.each(DISGUISES)('finds a number written %s', (_name, written) => {
    const text = `申请人 ${written} 来电`;
    expect(containsIdNumber(text)).toBe(true);
    const [m] = findIdNumbers(text);
    expect(m.number).toBe(_name.startsWith('legacy') ? LEGACY18 : /[Xx\uFF38]/.test(written) ? WITH_X : ID);
    expect(text.slice(m.start, m.end)).toBe(written);
  });

  it.each(DISGUISES)('redacts a number written %s, and only it', (_name, written) => {
    expect(redactIdNumbers(`before ${written} after`)).toBe('before [id-redacted] after');
  });

  it.each([
    ['a wrong check character', FIRST17 + (checkCharacter(FIRST17) === '0' ? '1' : '0')],
    ['a birth date that does not exist', '442000199002304512'],
    ['an unknown province', `99${ID.slice(2)}`],
    ['a masked number', `${ID.slice(0, 6)}********${ID.slice(14)}`],
    ['17 digits', ID.slice(0, 17)],
    ['a longer digit run (an account number)', `6${ID}`],
    ['a 19-digit run written in groups', groups(`6${ID}`, ' ', [7, 8, 4])],
    ['16 digits', '6222021234567890'],
    ['a town code and a village code', '442000100 442000100001'],
    ['a timestamp in milliseconds and a UUID', '1732953600000 3f2b9c1e-8a4d-4e1b-9c2f-1a2b3c4d5e6f'],
    ['a personRef', 't1:Mzg0ZjM4ZDE5NzQ0NTY3ODkwMTIzNDU2Nzg5MA'],
    ['an amount in fen', '9007199254740991'],
    ['a date and a phone number', '1990-03-07 13800138000'],
    ['a number broken by letters', `${ID.slice(0, 9)}abc${ID.slice(9)}`],
    // random identifiers once read as numbers (a UUID as 315525 1985-05-14, a span id as 150105 1972-06-23)
    ['a UUID whose digit runs spell a legacy number', 'c3155258-5051-4629-be78-1d3a93ce0c96'],
    ['a traceparent', '00-086f65dda7822f0b52d3507369b1b0e8-abf1501057206239-01'],
    [
      'a traceparent whose all-digit span id and flags spell a number',
      `00-086f65dda7822f0b52d3507369b1b0e8-${DIGIT_SPAN}-01`,
    ],
    ['a SHA-256 digest', `${'ab'.repeat(7)}${ID}${'cd'.repeat(16)}`],
  ])('leaves %s alone', (_name, text) => {
    expect(containsIdNumber(text)).toBe(false);
    expect(redactIdNumbers(text)).toBe(text);
  });

  it('reads no number in random UUIDs and trace contexts (once 1 in 30,000 and 1 in 10,000)', () => {
    const hex = (bytes: number) => randomBytes(bytes).toString('hex');
    const misread: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const uuid = randomUUID();
      const traceparent = `00-${hex(16)}-${hex(8)}-01`;
      if (containsIdNumber(`"eventId":"${uuid}"`)) misread.push(uuid);
      if (containsIdNumber(traceparent)) misread.push(traceparent);
    }
    expect(misread).toEqual([]);
  });

  it('still finds a number beside a UUID, or written in a hex-looking token that is not one', () => {
    expect(containsIdNumber(`3f2b9c1e-8a4d-4e1b-9c2f-1a2b3c4d5e6f ${ID}`)).toBe(true);
    expect(containsIdNumber(`abc${ID}`)).toBe(true);
    expect(containsIdNumber(`${ID}-8a4d-4e1b-9c2f-1a2b3c4d5e6f`)).toBe(true);
  });

  it('finds a number glued to letters and redacts only its digits', () => {
    expect(redactIdNumbers(`ID${ID}号`)).toBe('ID[id-redacted]号');
  });

  it('finds two numbers side by side and keeps the text between them', () => {
    const text = `${ID}, ${groups(WITH_X, '-')}; ok`;
    expect(findIdNumbers(text).map((m) => m.number)).toEqual([ID, WITH_X]);
    expect(redactIdNumbers(text)).toBe('[id-redacted], [id-redacted]; ok');
  });

  it('names the first field holding one, keys included', () => {
    expect(findIdNumberPath({ a: 'x', b: { c: ['ok', `id ${groups(ID, ' ')}`] } })).toBe('b.c.1');
    expect(findIdNumberPath({ notes: { [fullWidth(ID)]: 1 } })).toBe(`notes.${fullWidth(ID)}`);
    expect(findIdNumberPath({ a: 1, b: [null, 'fine'] })).toBeUndefined();
  });

  it('is fast enough to run over every string of every event and log line', () => {
    const line = `${'{"msg":"GET /api/v1/cases 200","durationMs":12,"ref":"t1:abcdefghijklmnopqrstuv"} '.repeat(50)}`;
    const started = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) redactIdNumbers(line);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });
});
