import { parseResidentId } from './resident-id';
import { RESIDENT_ID_RULES, residentIdRule } from './resident-id-rules';

describe('resident-ID rule names', () => {
  it.each([
    ['110105194912310021', 'resident-id.checksum'],
    ['1101051949123100', 'resident-id.length'],
    ['11010519491231002A', 'resident-id.format'],
    ['990105194912310021', 'resident-id.region'],
    ['110105194913310021', 'resident-id.date'],
  ])('names the rule %s breaks as %s, one of the exported vocabulary', (raw, rule) => {
    const parsed = parseResidentId(raw, '2025-01-01');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(residentIdRule(parsed.reason)).toBe(rule);
    expect(RESIDENT_ID_RULES).toContain(rule);
  });

  it('covers every reason, including a value that is not a string', () => {
    expect(RESIDENT_ID_RULES).toEqual([
      'resident-id.checksum',
      'resident-id.date',
      'resident-id.length',
      'resident-id.region',
      'resident-id.format',
      'resident-id.type',
    ]);
  });
});
