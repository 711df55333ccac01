import { containsIdNumber, redactIdNumbers } from './redact-id-numbers';

describe('redactIdNumbers', () => {
  it('replaces 17 digits plus a digit or X check character wherever it stands', () => {
    expect(redactIdNumbers('lookup 44010219900101123X failed')).toBe('lookup [id-redacted] failed');
    expect(redactIdNumbers('{"id":"440102199001011234","x":"44010219900101123x"}')).toBe(
      '{"id":"[id-redacted]","x":"[id-redacted]"}',
    );
    expect(redactIdNumbers('身份证440102199001011234号')).toBe('身份证[id-redacted]号');
  });

  it('leaves shorter and longer digit runs alone', () => {
    expect(redactIdNumbers('offset 12345678901234567 and 1234567890123456789')).toBe(
      'offset 12345678901234567 and 1234567890123456789',
    );
  });

  it('detects without being fooled by the global regex state', () => {
    expect(containsIdNumber('44010219900101123X')).toBe(true);
    expect(containsIdNumber('44010219900101123X')).toBe(true);
    expect(containsIdNumber('440102********123X')).toBe(false);
  });
});
