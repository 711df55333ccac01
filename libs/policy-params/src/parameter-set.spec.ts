import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DERIVED_PARAMETERS } from './derived-parameters';
import { loadParameters } from './load-parameters';
import { multiplyFen } from './multiply-fen';
import { ParameterLookupError } from './parameter-errors';
import { ScheduledValue } from './parameter-value';
import { InvalidScheduledValueError } from './validate-scheduled-value';

const params = loadParameters();
const previousDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

// The boundary cases come from the YAML itself (parsed here, not through the loader), so every
// value added to a file is covered without touching this test.
type FileEntry = { value: number | string; source: string; placeholder?: string };
const PARAMETER_DIR = join(__dirname, '..', 'parameters');
const fileTimelines = new Map<string, [string, FileEntry][]>();
for (const file of readdirSync(PARAMETER_DIR).filter((f) => f.endsWith('.yaml'))) {
  const document = parse(readFileSync(join(PARAMETER_DIR, file), 'utf8')) as Record<
    string,
    { values: Record<string, FileEntry> }
  >;
  for (const [key, { values }] of Object.entries(document)) {
    fileTimelines.set(
      key,
      Object.entries(values).sort(([a], [b]) => a.localeCompare(b)),
    );
  }
}
const boundaries = [...fileTimelines].flatMap(([key, timeline]) =>
  timeline.map(([date, entry], i) => ({ key, date, entry, previous: i > 0 ? timeline[i - 1] : undefined })),
);

function expectLookupError(lookup: () => unknown, fields: Partial<ParameterLookupError>): void {
  let thrown: unknown;
  try {
    lookup();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ParameterLookupError);
  expect(thrown).toMatchObject(fields);
}

describe('file values at their boundaries', () => {
  it('knows exactly the keys the files define', () => {
    expect(params.keys()).toEqual([...fileTimelines.keys()].sort());
    expect(boundaries.length).toBeGreaterThan(60);
  });

  it.each(boundaries.map((b) => [b.key, b.date, b] as const))(
    '%s takes its %s value on that day and not the day before',
    (_key, _date, { key, date, entry, previous }) => {
      const found = params.valueAt(key, date);
      expect(found).toMatchObject({ key, value: entry.value, effectiveFrom: date, source: entry.source });
      expect(found.placeholder).toBe(entry.placeholder);
      const before = previousDay(date);
      if (previous) {
        expect(params.valueAt(key, before)).toMatchObject({ value: previous[1].value, effectiveFrom: previous[0] });
      } else {
        expectLookupError(() => params.valueAt(key, before), { key, date: before, reason: 'no-value-yet' });
      }
    },
  );

  it('keeps the last value in force indefinitely', () => {
    for (const [key, timeline] of fileTimelines) {
      const [date, entry] = timeline[timeline.length - 1];
      expect(params.valueAt(key, '2099-12-31')).toMatchObject({ value: entry.value, effectiveFrom: date });
    }
  });
});

describe('derived values at their inputs boundaries', () => {
  const cases = DERIVED_PARAMETERS.flatMap((derived) => {
    const dates = [derived.amountKey, derived.factorKey].flatMap((k) => fileTimelines.get(k)?.map(([d]) => d) ?? []);
    return [...new Set(dates)]
      .sort()
      .flatMap((d) => [d, previousDay(d)])
      .map((date) => [derived.key, date, derived] as const);
  });

  it.each(cases)('%s on %s is the product of its inputs in force that day', (key, date, { amountKey, factorKey }) => {
    const inForce = (k: string) => (fileTimelines.get(k) ?? []).filter(([d]) => d <= date).pop();
    const amount = inForce(amountKey);
    const factor = inForce(factorKey);
    if (amount === undefined || factor === undefined) {
      expectLookupError(() => params.derivedAt(key, date), { reason: 'no-value-yet' });
      return;
    }
    // The derived value changes when either input does, so it is effective from the later one.
    expect(params.derivedAt(key, date)).toMatchObject({
      value: multiplyFen(amount[1].value as number, String(factor[1].value)),
      effectiveFrom: amount[0] > factor[0] ? amount[0] : factor[0],
    });
  });
});

describe('the plan figures for 2020', () => {
  const on = '2020-06-30';
  it.each([
    ['assistance.dibao.standard.urban', 110000],
    ['assistance.dibao.standard.rural', 110000],
    ['assistance.low_income.multiplier', '1.5'],
    ['assistance.extreme_poverty.multiplier', '1.6'],
    ['assistance.extreme_poverty.care_share.full_self_care', '0.05'],
    ['assistance.extreme_poverty.care_share.semi_self_care', '0.6'],
    ['assistance.extreme_poverty.care_share.no_self_care', '1'],
    ['assistance.extreme_poverty.minor_age_limit', 16],
    ['assistance.temporary.min_months_of_standard', 2],
    ['disability.living_subsidy.monthly', 17500],
    ['disability.nursing_subsidy.monthly', 23500],
    ['disability.nursing_subsidy.max_level', 2],
    ['child.orphan.institution.monthly', 192440],
    ['child.orphan.family.monthly', 155000],
    ['child.de_facto_unsupported.monthly', 155000],
    ['child.age_out', 18],
    ['education.student_aid.university', 800000],
    ['education.student_aid.high_school', 300000],
    ['education.student_aid.middle_school', 100000],
    ['elder.high_age_allowance.min_age', 80],
    ['elder.high_age_allowance.age_80', 10000],
    ['elder.high_age_allowance.age_100', 50000],
    ['elder.care_subsidy.dibao_low_income_disabled', 200000],
    ['elder.care_subsidy.childless_or_veteran', 150000],
    ['elder.care_subsidy.max_disabled', 400000],
    ['labour.minimum_wage.monthly', 172000],
  ])('%s is %p and not a placeholder', (key, value) => {
    const found = params.valueAt(key, on);
    expect(found.value).toBe(value);
    expect(found.placeholder).toBeUndefined();
  });

  it('derives the extreme-poverty standard 1760 yuan = 1.6 × 1100 and names its inputs', () => {
    const found = params.derivedAt('assistance.extreme_poverty.basic_standard', on);
    expect(found).toMatchObject({ value: 176000, unit: 'fen/month', effectiveFrom: '2020-01-01' });
    expect(found.source).toContain('assistance.extreme_poverty.multiplier = 1.6');
    expect(found.source).toContain('assistance.dibao.standard.urban = 110000');
    expect(found.placeholder).toBeUndefined();
  });

  it('derives the low-income ceiling 1650 yuan = 1.5 × 1100', () => {
    expect(params.derivedAt('assistance.low_income.ceiling', on)).toMatchObject({ value: 165000, unit: 'fen/month' });
  });

  it('derives care standards from the minimum wage and temporary assistance from the standard', () => {
    expect(params.derivedAt('assistance.extreme_poverty.care_standard.full_self_care', on).value).toBe(8600);
    expect(params.derivedAt('assistance.extreme_poverty.care_standard.semi_self_care', on).value).toBe(103200);
    expect(params.derivedAt('assistance.extreme_poverty.care_standard.no_self_care', on).value).toBe(172000);
    expect(params.derivedAt('assistance.temporary.min_amount', on)).toMatchObject({ value: 220000, unit: 'fen/case' });
  });

  it('flags a derived value built on a placeholder input', () => {
    const found = params.derivedAt('assistance.extreme_poverty.basic_standard', '2022-03-01');
    expect(found.value).toBe(184000);
    expect(found.placeholder).toMatch(/assistance\.dibao\.standard\.urban: plan gives a floor/);
    expect(params.derivedAt('child.orphan_standard_goal', '2021-01-01')).toMatchObject({
      value: 180000,
      placeholder: expect.any(String),
    });
  });
});

describe('the agreed keys', () => {
  it.each([
    ['assistance.dibao.standard.urban', 'fen/month'],
    ['assistance.dibao.standard.rural', 'fen/month'],
    ['assistance.dibao.asset_limit.per_capita_financial_assets', 'fen'],
    ['assistance.dibao.supplement.elderly', 'ratio'],
    ['assistance.dibao.supplement.disabled', 'ratio'],
    ['assistance.dibao.supplement.minor', 'ratio'],
    ['assistance.dibao.supplement.serious_illness', 'ratio'],
    ['assistance.low_income.multiplier', 'ratio'],
    ['assistance.extreme_poverty.multiplier', 'ratio'],
    ['assistance.extreme_poverty.minor_age_limit', 'years'],
    ['assistance.extreme_poverty.care_share.full_self_care', 'ratio'],
    ['assistance.extreme_poverty.care_share.semi_self_care', 'ratio'],
    ['assistance.extreme_poverty.care_share.no_self_care', 'ratio'],
    ['labour.minimum_wage.monthly', 'fen/month'],
    ['assistance.temporary.min_months_of_standard', 'months'],
    ['assistance.temporary.small_amount_limit', 'fen/case'],
    ['assistance.temporary.special_amount_threshold', 'fen/case'],
    ['assistance.temporary.paperwork_deadline_days', 'days'],
    ['assistance.expenditure_hardship.threshold_share', 'ratio'],
    ['assistance.publicity.days', 'days'],
    ['assistance.reverification.interval_months', 'months'],
    ['disability.living_subsidy.monthly', 'fen/month'],
    ['disability.nursing_subsidy.monthly', 'fen/month'],
    ['disability.nursing_subsidy.max_level', 'level'],
    ['child.orphan.institution.monthly', 'fen/month'],
    ['child.orphan.family.monthly', 'fen/month'],
    ['child.de_facto_unsupported.monthly', 'fen/month'],
    ['child.standard.multiplier', 'ratio'],
    ['child.age_out', 'years'],
    ['elder.high_age_allowance.age_80', 'fen/month'],
    ['elder.high_age_allowance.age_90', 'fen/month'],
    ['elder.high_age_allowance.age_100', 'fen/month'],
    ['elder.high_age_allowance.min_age', 'years'],
    ['elder.care_subsidy.dibao_low_income_disabled', 'fen/month'],
    ['elder.care_subsidy.childless_or_veteran', 'fen/month'],
    ['elder.care_subsidy.max_disabled', 'fen/month'],
    ['education.student_aid.university', 'fen/year'],
    ['education.student_aid.high_school', 'fen/year'],
    ['education.student_aid.middle_school', 'fen/year'],
    ['elder.visit.interval_days', 'days'],
  ])('%s exists in %s with a value on 2025-06-30', (key, unit) => {
    expect(params.definition(key).unit).toBe(unit);
    expect(params.valueAt(key, '2025-06-30').unit).toBe(unit);
  });

  it.each(['assistance.extreme_poverty.basic_standard', 'assistance.low_income.ceiling', 'child.orphan_standard_goal'])(
    '%s is derived',
    (key) => {
      expect(params.derivedAt(key, '2025-06-30').unit).toBe('fen/month');
    },
  );
});

describe('lookup errors', () => {
  it('names an unknown key', () => {
    expectLookupError(() => params.valueAt('assistance.dibao.standard.suburban', '2020-01-01'), {
      key: 'assistance.dibao.standard.suburban',
      date: '2020-01-01',
      reason: 'unknown-key',
      message: 'unknown parameter "assistance.dibao.standard.suburban"',
    });
    expectLookupError(() => params.derivedAt('assistance.nothing', '2020-01-01'), { reason: 'not-derived' });
  });

  it('names the first effective date for a date before it', () => {
    expectLookupError(() => params.valueAt('assistance.dibao.standard.urban', '2015-12-31'), {
      key: 'assistance.dibao.standard.urban',
      date: '2015-12-31',
      reason: 'no-value-yet',
      message:
        'parameter "assistance.dibao.standard.urban" has no value on 2015-12-31; its first value takes effect 2016-01-01',
    });
    expectLookupError(() => params.derivedAt('assistance.low_income.ceiling', '2019-12-31'), {
      key: 'assistance.low_income.multiplier',
      reason: 'no-value-yet',
    });
  });

  it('refuses dates that are not YYYY-MM-DD calendar days', () => {
    for (const date of ['2020-02-30', '2020-1-1', '2020-01-01T00:00:00+08:00', '']) {
      expectLookupError(() => params.valueAt('assistance.dibao.standard.urban', date), { reason: 'invalid-date' });
    }
  });

  it('sends derived keys to derivedAt and file keys to valueAt', () => {
    expectLookupError(() => params.valueAt('assistance.extreme_poverty.basic_standard', '2020-06-30'), {
      reason: 'derived-key',
    });
    expectLookupError(() => params.derivedAt('assistance.dibao.standard.urban', '2020-06-30'), {
      reason: 'not-derived',
    });
  });

  it('checks the unit in the typed accessors', () => {
    expect(params.fenAt('assistance.dibao.standard.urban', '2020-06-30')).toBe(110000);
    expect(params.ratioAt('assistance.low_income.multiplier', '2020-06-30')).toBe('1.5');
    expect(params.countAt('assistance.publicity.days', '2020-06-30')).toBe(7);
    expectLookupError(() => params.fenAt('assistance.low_income.multiplier', '2020-06-30'), { reason: 'wrong-unit' });
    expectLookupError(() => params.ratioAt('assistance.publicity.days', '2020-06-30'), { reason: 'wrong-unit' });
    expectLookupError(() => params.countAt('assistance.dibao.standard.urban', '2020-06-30'), { reason: 'wrong-unit' });
  });
});

describe('scheduled values (withOverrides)', () => {
  const scheduled = (value: number, effectiveFrom: string, scheduledBy = 'approver-7'): ScheduledValue => ({
    key: 'assistance.dibao.standard.urban',
    value,
    effectiveFrom,
    source: '中山市民政局 notice (test)',
    scheduledBy,
  });

  it('take precedence from their date on, and only from then', () => {
    const withNew = params.withOverrides([scheduled(123000, '2024-07-01')]);
    expect(withNew.valueAt('assistance.dibao.standard.urban', '2024-06-30')).toMatchObject({
      value: 121700,
      effectiveFrom: '2024-01-01',
    });
    expect(withNew.valueAt('assistance.dibao.standard.urban', '2024-07-01')).toEqual({
      key: 'assistance.dibao.standard.urban',
      value: 123000,
      unit: 'fen/month',
      effectiveFrom: '2024-07-01',
      source: '中山市民政局 notice (test)',
      scheduledBy: 'approver-7',
    });
    // A file value dated later does not displace the scheduled one: the runtime decision is newer.
    expect(withNew.valueAt('assistance.dibao.standard.urban', '2025-06-30').value).toBe(123000);
    expect(withNew.valueAt('assistance.dibao.standard.rural', '2024-07-01').value).toBe(121700);
  });

  it('feed derived values', () => {
    const withNew = params.withOverrides([scheduled(123000, '2024-07-01')]);
    expect(withNew.derivedAt('assistance.extreme_poverty.basic_standard', '2024-07-01')).toMatchObject({
      value: 196800,
      effectiveFrom: '2024-07-01',
    });
    expect(withNew.derivedAt('assistance.extreme_poverty.basic_standard', '2024-07-01').source).toContain(
      'scheduled by approver-7',
    );
    expect(withNew.derivedAt('assistance.extreme_poverty.basic_standard', '2024-06-30').value).toBe(194720);
  });

  it('follow each other by date, and the later-scheduled wins on the same date', () => {
    const withMany = params
      .withOverrides([scheduled(130000, '2026-01-01'), scheduled(123000, '2024-07-01')])
      .withOverrides([scheduled(124000, '2024-07-01', 'approver-9')]);
    expect(withMany.valueAt('assistance.dibao.standard.urban', '2025-12-31')).toMatchObject({
      value: 124000,
      scheduledBy: 'approver-9',
    });
    expect(withMany.valueAt('assistance.dibao.standard.urban', '2026-01-01').value).toBe(130000);
  });

  it('leave the original set untouched', () => {
    params.withOverrides([scheduled(123000, '2024-07-01')]);
    expect(params.valueAt('assistance.dibao.standard.urban', '2024-07-01').value).toBe(121700);
    expect(loadParameters()).toBe(params);
  });

  it('are refused when they could never be valid', () => {
    expect(() => params.withOverrides([{ ...scheduled(123000, '2024-07-01'), key: 'assistance.nope' }])).toThrow(
      InvalidScheduledValueError,
    );
    expect(() => params.withOverrides([scheduled(1230.5, '2024-07-01')])).toThrow(/value: must be an amount in fen/);
  });
});
