import { AlertRaisedV1, AlertResolvedV1 } from '@civic/contracts';
import { IndicatorFact } from './indicator-fact';
import { alertsEnrolled, alertsRaised, median, medianDaysToEnrolment } from './alerts.indicators';
import { computeIndicators } from './compute-indicators';
import { factFrom, ref, TOWN_A, TOWN_B } from './fact-builders';
import { IndicatorDefinition } from './indicator';
import { indicatorParameters } from './indicator-parameters';

const params = indicatorParameters();
const one = (def: IndicatorDefinition, facts: IndicatorFact[], date: string) =>
  computeIndicators([def], facts, params, date)[0];
const raised = (n: number, town: string, date: string) =>
  factFrom(AlertRaisedV1, {
    alertId: `alert-${n}`,
    personRef: ref(`p${n}`),
    ruleId: 'dibao-income-below-standard',
    ruleVersion: 1,
    department: 'assistance',
    town,
    priority: 'high',
    dueDate: date,
    summary: 'Income below the standard.',
    explanation: { date, facts: [{ name: 'household.perCapitaMonthlyIncomeFen', value: 100 }], parameters: [] },
  });
const resolved = (n: number, town: string, resolvedOn: string, outcome: 'enrolled' | 'declined' = 'enrolled') =>
  factFrom(AlertResolvedV1, {
    alertId: `alert-${n}`,
    personRef: ref(`p${n}`),
    ruleId: 'dibao-income-below-standard',
    ruleVersion: 1,
    department: 'assistance',
    town,
    outcome,
    resolvedOn,
  });

describe('policy-finds-people figures', () => {
  const facts = [
    raised(1, TOWN_A, '2024-01-01'),
    raised(2, TOWN_A, '2024-01-02'),
    raised(3, TOWN_B, '2024-01-03'),
    resolved(1, TOWN_A, '2024-01-05'),
    resolved(2, TOWN_A, '2024-01-12', 'declined'),
    resolved(3, TOWN_B, '2024-01-13'),
  ];

  it('counts alerts raised by the day their rule was evaluated, by town, with no plan target', () => {
    expect(one(alertsRaised, facts, '2024-01-02')).toMatchObject({ value: '2', status: 'no-target', target: null });
    expect(one(alertsRaised, facts, '2024-01-31').towns.map((t) => t.value)).toEqual(['2', '1']);
  });

  it('counts enrolments only, not other outcomes', () => {
    expect(one(alertsEnrolled, facts, '2024-01-12').value).toBe('1');
    expect(one(alertsEnrolled, facts, '2024-01-13').value).toBe('2');
  });

  it('takes the median of days from alert to enrolment (4 and 10 days → 7.0)', () => {
    expect(one(medianDaysToEnrolment, facts, '2024-01-05').value).toBe('4.0');
    const r = one(medianDaysToEnrolment, facts, '2024-01-31');
    expect(r.value).toBe('7.0');
    expect(r.towns.map((t) => [t.town, t.value])).toEqual([
      [TOWN_A, '4.0'],
      [TOWN_B, '10.0'],
    ]);
  });

  it('has an exact median for odd and even counts', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toEqual({ num: 3, den: 1 });
    expect(median([1, 2])).toEqual({ num: 3, den: 2 });
  });
});
