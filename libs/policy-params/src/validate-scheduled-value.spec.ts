import { loadParameters } from './load-parameters';
import { ScheduledValue } from './parameter-value';
import { validateScheduledValue } from './validate-scheduled-value';

const params = loadParameters();
const TODAY = '2025-06-30';
const valid: ScheduledValue = {
  key: 'assistance.dibao.standard.urban',
  value: 128000,
  effectiveFrom: '2025-07-01',
  source: '中山市民政局 notice (test)',
  scheduledBy: 'approver-7',
};

describe('validateScheduledValue', () => {
  it('accepts a well-formed value from today on', () => {
    expect(validateScheduledValue(params, valid, TODAY)).toEqual([]);
    expect(validateScheduledValue(params, { ...valid, effectiveFrom: TODAY }, TODAY)).toEqual([]);
    expect(
      validateScheduledValue(params, { ...valid, key: 'assistance.low_income.multiplier', value: '1.55' }, TODAY),
    ).toEqual([]);
    expect(validateScheduledValue(params, { ...valid, key: 'assistance.publicity.days', value: 5 }, TODAY)).toEqual([]);
  });

  it.each([
    [
      'an unknown key',
      { key: 'assistance.dibao.standard.suburban' },
      'key: unknown parameter "assistance.dibao.standard.suburban"',
    ],
    [
      'a derived key',
      { key: 'assistance.extreme_poverty.basic_standard' },
      'key: "assistance.extreme_poverty.basic_standard" is derived from other parameters and cannot be scheduled',
    ],
    [
      'yuan with a fraction',
      { value: 1280.5 },
      'value: must be an amount in fen is a non-negative integer (unit fen/month)',
    ],
    ['a negative amount', { value: -1 }, 'value: must be an amount in fen is a non-negative integer (unit fen/month)'],
    [
      'a numeric string for fen',
      { value: '128000' },
      'value: must be an amount in fen is a non-negative integer (unit fen/month)',
    ],
    [
      'a float ratio',
      { key: 'assistance.low_income.multiplier', value: 1.5 },
      "value: must be a ratio is a non-negative decimal string such as '1.6' (unit ratio)",
    ],
    [
      'a fractional count',
      { key: 'assistance.publicity.days', value: 6.5 },
      'value: must be a count of days is a non-negative integer (unit days)',
    ],
    ['a malformed date', { effectiveFrom: '2025-7-1' }, "effectiveFrom: must be a 'YYYY-MM-DD' calendar date"],
    ['an impossible date', { effectiveFrom: '2025-02-29' }, "effectiveFrom: must be a 'YYYY-MM-DD' calendar date"],
    [
      'a past date',
      { effectiveFrom: '2025-06-29' },
      'effectiveFrom: 2025-06-29 is in the past; values can be scheduled from today (2025-06-30) on',
    ],
    ['no source', { source: ' ' }, 'source: required (the notice or decision the value comes from)'],
    ['no author', { scheduledBy: '' }, 'scheduledBy: required'],
  ])('reports %s', (_what, change, problem) => {
    expect(validateScheduledValue(params, { ...valid, ...change } as ScheduledValue, TODAY)).toEqual([problem]);
  });

  it('reports every problem at once', () => {
    expect(
      validateScheduledValue(params, { key: 'x', value: 1, effectiveFrom: 'soon', source: '', scheduledBy: '' }, TODAY),
    ).toHaveLength(4);
  });
});
