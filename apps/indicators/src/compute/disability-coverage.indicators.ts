import { IndicatorFact } from './indicator-fact';
import { IndicatorContext, IndicatorDefinition } from './indicator';
import { bump, shareOf, townShares } from './tally';

// Coverage of the disability "two subsidies" (专栏1 indicators 24-25). Covered: a person with an
// active social-assistance case of the programme (approved, not stopped, or reinstated). Eligible
// but not covered: a person the policy engine's rule of the same name raised an alert for that is
// still open on the date (docs/domain.md "Policy finds people"). Coverage = covered ÷ both.

type Subsidy = 'disability-living-subsidy' | 'disability-nursing-subsidy';

const CASE_EVENTS = ['approved', 'suspended', 'terminated', 'reinstated'].map((f) => `assistance.case.${f}`);

interface Person {
  town: string;
  events: IndicatorFact[];
}

/** Persons with an active case of `programme` on the date. */
function coveredPersons(ctx: IndicatorContext, programme: Subsidy): Map<string, Person> {
  const facts = CASE_EVENTS.flatMap((type) => ctx.ofType(type)).filter((f) => f.data.programme === programme);
  facts.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
  const cases = new Map<string, { active: boolean; personRef: string; town: string; events: IndicatorFact[] }>();
  for (const f of facts) {
    const c = cases.get(f.data.caseId) ?? {
      active: false,
      personRef: f.data.personRef,
      town: f.data.town,
      events: [] as IndicatorFact[],
    };
    c.active = f.type === 'assistance.case.approved' || f.type === 'assistance.case.reinstated';
    c.town = f.data.town;
    c.events.push(f);
    cases.set(f.data.caseId, c);
  }
  const persons = new Map<string, Person>();
  for (const c of cases.values()) {
    if (!c.active) continue;
    const p = persons.get(c.personRef) ?? { town: c.town, events: [] };
    p.events.push(...c.events);
    persons.set(c.personRef, p);
  }
  return persons;
}

/** Persons with an alert of the rule still open on the date. */
function openAlerts(ctx: IndicatorContext, rule: Subsidy): Map<string, Person> {
  const resolved = new Set(ctx.ofType('policy.alert.resolved').map((f) => f.data.alertId as string));
  const persons = new Map<string, Person>();
  for (const f of ctx.ofType('policy.alert.raised')) {
    if (f.data.ruleId !== rule || resolved.has(f.data.alertId)) continue;
    const p: Person = persons.get(f.data.personRef) ?? { town: f.data.town, events: [] };
    p.events.push(f);
    persons.set(f.data.personRef, p);
  }
  return persons;
}

function coverage(subsidy: Subsidy, number: number, zh: string, en: string, who: string): IndicatorDefinition {
  return {
    id: `${subsidy}-coverage`,
    plan: `专栏1 indicator ${number}`,
    titleZh: zh,
    titleEn: en,
    display: 'percent',
    targetKey: `indicators.${subsidy.replace(/-/g, '_')}_coverage.target`,
    townsJudged: true,
    basis: `People with an active ${subsidy} case ÷ those plus ${who} the policy engine found eligible and not enrolled (an open alert of the ${subsidy} rule).`,
    compute(ctx) {
      const covered = coveredPersons(ctx, subsidy);
      const uncovered = openAlerts(ctx, subsidy);
      for (const ref of covered.keys()) uncovered.delete(ref);
      const all = new Map<string, number>();
      const part = new Map<string, number>();
      for (const p of covered.values()) {
        bump(all, p.town);
        bump(part, p.town);
      }
      for (const p of uncovered.values()) bump(all, p.town);
      return {
        value: shareOf(covered.size, covered.size + uncovered.size),
        towns: townShares(part, all),
        events: [...covered.values(), ...uncovered.values()].flatMap((p) => p.events),
      };
    },
  };
}

export const livingSubsidyCoverage = coverage(
  'disability-living-subsidy',
  24,
  '困难残疾人生活补贴覆盖率',
  'Living subsidy coverage, disabled people in hardship',
  'disabled people in dibao or low-income households',
);

export const nursingSubsidyCoverage = coverage(
  'disability-nursing-subsidy',
  25,
  '重度残疾人护理补贴覆盖率',
  'Nursing subsidy coverage, severe disability',
  'people with a severe disability',
);
