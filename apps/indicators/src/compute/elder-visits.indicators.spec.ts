import { ElderRegisteredV1, ElderSituationChangedV1, VisitRecordedV1 } from '@civic/contracts';
import { IndicatorFact } from './indicator-fact';
import { computeIndicators } from './compute-indicators';
import { elderVisitRate } from './elder-visits.indicators';
import { factFrom, ref, TOWN_A, TOWN_B } from './fact-builders';
import { indicatorParameters } from './indicator-parameters';

const params = indicatorParameters();
const rate = (facts: IndicatorFact[], date: string) =>
  computeIndicators([elderVisitRate], facts, params, date, { evidenceLimit: 100 })[0];

const elder = (n: number, town: string, monthlyVisitRequired: boolean) =>
  factFrom(
    ElderRegisteredV1,
    {
      elderId: `elder-${n}`,
      personRef: ref(`e${n}`),
      maskedId: '442000********123X',
      birthDate: '1940-01-01',
      sex: 'female',
      town,
      village: `${town}001`,
      livingSituation: ['alone'],
      economicStatus: 'none',
      monthlyVisitRequired,
    },
    '2024-01-01T02:00:00Z',
  );
const visit = (n: number, town: string, visitedOn: string) =>
  factFrom(VisitRecordedV1, {
    visitId: `visit-${n}-${visitedOn}`,
    elderId: `elder-${n}`,
    personRef: ref(`e${n}`),
    town,
    visitedOn,
    visitorUserId: 'sw-1',
    visitorRole: 'social-worker',
    outcome: 'well',
    nextDueDate: visitedOn,
  });

describe('monthly visit rate of special-hardship elders', () => {
  it('is 100% exactly when every elder needing visits had one within the 30-day interval', () => {
    const facts = [elder(1, TOWN_A, true), elder(2, TOWN_B, true), elder(3, TOWN_B, false)];
    facts.push(visit(1, TOWN_A, '2024-03-02'), visit(2, TOWN_B, '2024-03-20'));
    const r = rate(facts, '2024-03-31');
    expect(r).toMatchObject({ value: '1.0000', status: 'met' });
    expect(r.parameters[0]).toMatchObject({ key: 'elder.visit.interval_days', value: 30 });
    // 2024-04-01 is 30 days after 2024-03-02: that visit is now outside the interval
    const later = rate(facts, '2024-04-01');
    expect(later).toMatchObject({ value: '0.5000', status: 'behind' });
    expect(later.towns).toEqual([
      { town: TOWN_A, name: TOWN_A, value: '0.0000', status: 'behind' },
      { town: TOWN_B, name: TOWN_B, value: '1.0000', status: 'met' },
    ]);
  });

  it('follows an elder into and out of the visit list', () => {
    const facts = [
      elder(1, TOWN_A, false),
      factFrom(ElderSituationChangedV1, {
        elderId: 'elder-1',
        personRef: ref('e1'),
        town: TOWN_A,
        livingSituation: ['alone'],
        monthlyVisitRequired: true,
        changedOn: '2024-02-01',
      }),
    ];
    expect(rate(facts, '2024-01-31')).toMatchObject({ value: null, status: 'no-data' });
    expect(rate(facts, '2024-02-01')).toMatchObject({ value: '0.0000', status: 'behind' });
    expect(rate([...facts, visit(1, TOWN_A, '2024-02-03')], '2024-02-03').value).toBe('1.0000');
  });
});
