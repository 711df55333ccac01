import { checkCharacter } from '@civic/identity';
import { containsIdNumber, redactIdNumbers } from './redact-id-numbers';

const first17 = '44010219900101123';
const ID = first17 + checkCharacter(first17);

describe('redactIdNumbers', () => {
  it('replaces a valid resident ID number wherever it stands', () => {
    expect(redactIdNumbers(`lookup ${ID} failed`)).toBe('lookup [id-redacted] failed');
    expect(redactIdNumbers(`{"id":"${ID}","x":"${ID.toLowerCase()}"}`)).toBe(
      '{"id":"[id-redacted]","x":"[id-redacted]"}',
    );
    expect(redactIdNumbers(`身份证${ID}号`)).toBe('身份证[id-redacted]号');
  });

  it('replaces one in disguise: spaces, dashes, full-width digits', () => {
    const spaced = `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`;
    const dashed = spaced.replace(/ /g, '-');
    const wide = [...ID].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(redactIdNumbers(`a ${spaced} b ${dashed} c ${wide}`)).toBe(
      'a [id-redacted] b [id-redacted] c [id-redacted]',
    );
  });

  it('leaves other digit runs alone: shorter, longer, and 18 digits that are not an ID number', () => {
    const text = 'offset 12345678901234567 and 1234567890123456789 and 123456789012345678';
    expect(redactIdNumbers(text)).toBe(text);
  });

  it('detects without being fooled by regex state', () => {
    expect(containsIdNumber(ID)).toBe(true);
    expect(containsIdNumber(ID)).toBe(true);
    expect(containsIdNumber('440102********123X')).toBe(false);
  });
});
