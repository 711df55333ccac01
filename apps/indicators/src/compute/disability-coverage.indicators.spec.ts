import {
  AlertRaisedV1,
  AlertResolvedV1,
  CaseApprovedV1,
  CaseReinstatedV1,
  CaseSuspendedV1,
  CaseTerminatedV1,
} from '@civic/contracts';
import { IndicatorFact } from './indicator-fact';
import { computeIndicators } from './compute-indicators';
import { livingSubsidyCoverage, nursingSubsidyCoverage } from './disability-coverage.indicators';
import { factFrom, ref, TOWN_A, TOWN_B } from './fact-builders';
import { IndicatorDefinition } from './indicator';
import { indicatorParameters } from './indicator-parameters';

const params = indicatorParameters();
const one = (def: IndicatorDefinition, facts: IndicatorFact[], date: string) =>
  computeIndicators([def], facts, params, date, { evidenceLimit: 100 })[0];

const caseFacts = (n: number, town: string, programme = 'disability-living-subsidy' as const) => ({
  caseId: `case-${n}`,
  householdId: `hh-${n}`,
  personRef: ref(`p${n}`),
  programme,
  town,
});
const approved = (n: number, town: string, effectiveFrom: string) =>
  factFrom(CaseApprovedV1, {
    ...caseFacts(n, town),
    approvedOn: effectiveFrom,
    actor: { userId: 'u-approver', duty: 'approver' },
    monthlyAmountFen: 17500,
    effectiveFrom,
  });
const alert = (n: number, town: string, date: string, ruleId = 'disability-living-subsidy') =>
  factFrom(AlertRaisedV1, {
    alertId: `alert-${n}`,
    personRef: ref(`p${n}`),
    ruleId,
    ruleVersion: 1,
    department: 'assistance',
    town,
    priority: 'normal',
    dueDate: date,
    summary: 'Disabled member of a dibao household.',
    explanation: { date, facts: [{ name: 'member.disabilityLevel', value: 2 }], parameters: [] },
  });

describe('disability subsidy coverage (专栏1 indicators 24-25)', () => {
  it('is 100% exactly when every person the engine found is enrolled, and counts an open alert against it', () => {
    const facts = [
      approved(1, TOWN_A, '2024-02-01'),
      approved(2, TOWN_B, '2024-02-01'),
      alert(3, TOWN_B, '2024-03-01'),
    ];
    expect(one(livingSubsidyCoverage, facts, '2024-02-15')).toMatchObject({ value: '1.0000', status: 'met' });
    const r = one(livingSubsidyCoverage, facts, '2024-03-01');
    expect(r).toMatchObject({ value: '0.6667', status: 'behind', eventCount: 3 });
    expect(r.towns).toEqual([
      { town: TOWN_A, name: TOWN_A, value: '1.0000', status: 'met' },
      { town: TOWN_B, name: TOWN_B, value: '0.5000', status: 'behind' },
    ]);
  });

  it('counts an alert whose person then enrols once, as covered', () => {
    const facts = [
      alert(1, TOWN_A, '2024-03-01'),
      approved(1, TOWN_A, '2024-03-10'),
      factFrom(AlertResolvedV1, {
        alertId: 'alert-1',
        personRef: ref('p1'),
        ruleId: 'disability-living-subsidy',
        ruleVersion: 1,
        department: 'assistance',
        town: TOWN_A,
        outcome: 'enrolled',
        resolvedOn: '2024-03-12',
      }),
    ];
    expect(one(livingSubsidyCoverage, facts, '2024-03-05')).toMatchObject({ value: '0.0000', status: 'behind' });
    expect(one(livingSubsidyCoverage, facts, '2024-03-10')).toMatchObject({ value: '1.0000', status: 'met' });
    expect(one(livingSubsidyCoverage, facts, '2024-03-12')).toMatchObject({ value: '1.0000', status: 'met' });
  });

  it('drops a suspended or terminated case from the covered and brings a reinstated one back', () => {
    const stop = { effectiveFrom: '2024-05-01', reasonCode: 'moved' as const, reason: 'Moved away.' };
    const facts = [
      approved(1, TOWN_A, '2024-02-01'),
      approved(2, TOWN_A, '2024-02-01'),
      alert(3, TOWN_A, '2024-02-01'),
      factFrom(CaseSuspendedV1, { ...caseFacts(1, TOWN_A), ...stop }),
      factFrom(CaseTerminatedV1, { ...caseFacts(2, TOWN_A), ...stop }),
      factFrom(CaseReinstatedV1, {
        ...caseFacts(1, TOWN_A),
        effectiveFrom: '2024-06-01',
        actor: { userId: 'u-approver', duty: 'approver' },
        reason: 'Back.',
      }),
    ];
    expect(one(livingSubsidyCoverage, facts, '2024-04-30').value).toBe('0.6667');
    expect(one(livingSubsidyCoverage, facts, '2024-05-01').value).toBe('0.0000');
    expect(one(livingSubsidyCoverage, facts, '2024-06-01').value).toBe('0.5000');
  });

  it('keeps the two subsidies apart and has no value with nobody found', () => {
    const facts = [approved(1, TOWN_A, '2024-02-01'), alert(2, TOWN_A, '2024-02-01', 'disability-nursing-subsidy')];
    expect(one(nursingSubsidyCoverage, facts, '2024-03-01')).toMatchObject({ value: '0.0000' });
    expect(one(livingSubsidyCoverage, facts, '2024-03-01')).toMatchObject({ value: '1.0000' });
    expect(one(nursingSubsidyCoverage, [], '2024-03-01')).toMatchObject({ value: null, status: 'no-data' });
  });
});
