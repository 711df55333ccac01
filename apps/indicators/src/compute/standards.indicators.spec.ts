import { ParameterValueScheduledV1 } from '@civic/contracts';
import { computeIndicators } from './compute-indicators';
import { factFrom } from './fact-builders';
import { indicatorParameters } from './indicator-parameters';
import {
  careNoSelfCare,
  deFactoUnsupported,
  dibaoGrowth,
  dibaoRuralUrban,
  dibaoStandard,
  extremePovertyBasic,
  orphanFamily,
} from './standards.indicators';

const params = indicatorParameters();
const scheduled = (key: string, value: string | number, effectiveFrom: string) =>
  factFrom(ParameterValueScheduledV1, {
    key,
    value,
    effectiveFrom,
    source: 'Zhongshan civil affairs notice (test)',
    scheduledBy: 'u-city-0001',
  });
const one = (
  def: Parameters<typeof computeIndicators>[0][number],
  facts: ReturnType<typeof scheduled>[],
  date: string,
) => computeIndicators([def], facts, params, date, { evidenceLimit: 10 })[0];

describe('standards indicators (专栏1 indicators 1, 2, 4, 5, 9, 10)', () => {
  it('meets the dibao standard target when a scheduled 1250-yuan standard takes effect, exactly at the target', () => {
    const facts = [
      scheduled('assistance.dibao.standard.urban', 125000, '2025-07-01'),
      scheduled('assistance.dibao.standard.rural', 125000, '2025-07-01'),
    ];
    const before = one(dibaoStandard, facts, '2025-06-30');
    const after = one(dibaoStandard, facts, '2025-07-01');
    expect(after.value).toBe('125000');
    expect(after.status).toBe('met');
    expect(after.events!.map((e) => e.eventId).sort()).toEqual(facts.map((f) => f.eventId).sort());
    expect(before.events).toEqual([]);
    expect(before.parameters[0].source).toMatch(/Plan/);
  });

  it('takes the lower of urban and rural: a rural standard one fen short is not met', () => {
    const facts = [
      scheduled('assistance.dibao.standard.urban', 125000, '2025-07-01'),
      scheduled('assistance.dibao.standard.rural', 124999, '2025-07-01'),
    ];
    // the path reaches 125000 only on 2025-12-31; the day before it is just below
    expect(one(dibaoStandard, facts, '2025-12-30')).toMatchObject({ value: '124999', status: 'on-track' });
    expect(one(dibaoStandard, facts, '2025-12-31')).toMatchObject({ value: '124999', status: 'behind' });
    expect(one(dibaoRuralUrban, facts, '2025-12-31').status).toBe('behind');
  });

  it('computes growth against the standard a year earlier and meets the 1.82% floor exactly', () => {
    // 100000 → 101820 is exactly 1.82%
    const facts = [
      scheduled('assistance.dibao.standard.urban', 100000, '2030-01-01'),
      scheduled('assistance.dibao.standard.rural', 100000, '2030-01-01'),
      scheduled('assistance.dibao.standard.urban', 101820, '2031-01-01'),
      scheduled('assistance.dibao.standard.rural', 101820, '2031-01-01'),
    ];
    expect(one(dibaoGrowth, facts, '2031-01-01')).toMatchObject({ value: '0.0182', status: 'met' });
    const short = [...facts.slice(0, 3), scheduled('assistance.dibao.standard.rural', 101819, '2031-01-01')];
    expect(one(dibaoGrowth, short, '2031-01-01').status).toBe('behind');
    // against the file's 2025 standard (125000) still in force a year earlier, 100000 is a fall of 20%
    expect(one(dibaoGrowth, facts, '2030-06-30')).toMatchObject({ value: '-0.2000', status: 'behind' });
  });

  it('has no growth before a year of standards exists', () => {
    expect(one(dibaoGrowth, [], '2016-06-30')).toMatchObject({ value: null, status: 'no-data' });
  });

  it('reads the extreme-poverty standard as 1.6 × the dibao standard (met exactly) and a lowered multiplier as behind', () => {
    expect(one(extremePovertyBasic, [], '2024-05-01')).toMatchObject({ value: '1.6000', status: 'met' });
    const lowered = [scheduled('assistance.extreme_poverty.multiplier', '1.5', '2024-01-01')];
    const r = one(extremePovertyBasic, lowered, '2024-05-01');
    expect(r).toMatchObject({ value: '1.5000', status: 'behind' });
    expect(r.events!.map((e) => e.eventId)).toEqual([lowered[0].eventId]);
  });

  it('reads the full-care standard against the minimum wage: 100% is met exactly', () => {
    expect(one(careNoSelfCare, [], '2024-05-01')).toMatchObject({ value: '1.0000', status: 'met' });
    const lowered = [scheduled('assistance.extreme_poverty.care_share.no_self_care', '0.99', '2024-01-01')];
    expect(one(careNoSelfCare, lowered, '2024-05-01')).toMatchObject({ value: '0.9900', status: 'behind' });
  });

  it('compares orphan and de-facto unsupported standards with the dibao and family-orphan standards', () => {
    const facts = [
      scheduled('assistance.dibao.standard.urban', 100000, '2024-01-01'),
      scheduled('child.orphan.family.monthly', 160000, '2024-01-01'),
      scheduled('child.de_facto_unsupported.monthly', 159999, '2024-01-01'),
    ];
    expect(one(orphanFamily, facts, '2024-02-01')).toMatchObject({ value: '1.6000', status: 'met' });
    expect(one(deFactoUnsupported, facts, '2024-02-01')).toMatchObject({ value: '1.0000', status: 'behind' });
  });
});
