import { MEMBER_DEFAULTS } from '@civic/testing';
// The means test (social assistance) and the policy engine's dibao and low-income rules must give
// the same verdict on the same household and date: a caseworker told "eligible" by the means test
// must not be told otherwise by an alert, nor the reverse. This drives both the way production
// does: the means test reads the household snapshot; the engine reads only what social assistance
// publishes (its v2 household payload builders, through createEvent, the wire and parseEvent, then
// the engine's projections), with the same scheduled parameter values on both sides.
//
// Both services are imported here, which the app boundary otherwise forbids: agreement between two
// apps can only be checked by a test that sees both, and it imports nothing into either app.
import {
  createEvent,
  EventDefinition,
  EventEnvelope,
  HouseholdIncomeChangedV2,
  HouseholdMemberAddedV2,
  HouseholdRegisteredV2,
  parseEvent,
} from '@civic/contracts';
import { ASSET_LIMIT_KEY, dibaoStandardKey, LOW_INCOME_MULTIPLIER_KEY, StandardArea } from '@civic/eligibility';
import { dayBefore } from '@civic/calendar';
import { loadParameters, multiplyFen, ScheduledValue } from '@civic/policy-params';
import fc from 'fast-check';
/* eslint-disable @nx/enforce-module-boundaries -- the means test's side, see above */
import {
  HouseholdRecord,
  incomeChangedPayload,
  memberAddedPayload,
  registeredPayload,
} from '../../social-assistance/src/households/household-events';
import type { Household, HouseholdMember, Income } from '../../social-assistance/src/households/household.model';
import { meansTest } from '../../social-assistance/src/means-test/means-test';
/* eslint-enable @nx/enforce-module-boundaries */
import { policyParameters } from '../src/evaluation/policy-parameters';
import { projectEvent } from '../src/person-view/project-event';
import { HouseholdAttrs } from '../src/person-view/view-change';
import { dibaoIncomeRule } from '../src/rules/dibao-income.rule';
import { lowIncomeRule } from '../src/rules/low-income.rule';
import { PersonFacts } from '../src/person-view/person-facts';
import { rulesInForce } from '../src/rules/rule-catalog';

const files = loadParameters();
const NUM_RUNS = 3000;

/** What one generated case is: a household, how social assistance told the engine of it, a date, scheduled values. */
interface Scenario {
  household: Household;
  /** register-all: one registered event; add-member: registered without the last member, then member-added; income: registered with no income, then income-changed. */
  story: 'register-all' | 'add-member' | 'income';
  date: string;
  scheduled: ScheduledValue[];
}

interface Verdicts {
  dibao: { meansTest: boolean; rule: boolean };
  lowIncome: { meansTest: boolean; rule: boolean | 'not-in-force'; assessable: boolean };
}

// ---------------------------------------------------------------- both sides

function verdicts(s: Scenario): Verdicts {
  const assistanceParams = files.withOverrides(s.scheduled);
  const result = meansTest(s.household, s.date, assistanceParams);

  const engineParams = policyParameters(s.scheduled);
  const facts = engineFacts(s);
  const lowIncomeInForce = rulesInForce(s.date).some((r) => r.id === lowIncomeRule.id);
  return {
    dibao: {
      meansTest: result.programmes.dibao.eligible,
      rule: dibaoIncomeRule.evaluate(facts, engineParams, s.date).eligible,
    },
    lowIncome: {
      meansTest: result.programmes['low-income'].eligible,
      assessable: result.programmes['low-income'].assessable !== false,
      rule: lowIncomeInForce ? lowIncomeRule.evaluate(facts, engineParams, s.date).eligible : 'not-in-force',
    },
  };
}

const record = (snapshot: Household): HouseholdRecord => ({
  householdId: snapshot.householdId,
  town: '442000100',
  village: '442000100001',
  snapshot,
  maskedIds: Object.fromEntries(
    snapshot.members.map((m, i) => [m.personRef, `442000********${String(1000 + i).padStart(4, '0')}`]),
  ),
});

// as social assistance's outbox would: one second apart, so the view orders them as published
const send = <T extends object>(definition: EventDefinition<T>, data: T, second: number): EventEnvelope =>
  createEvent(definition, data, {
    source: '/civic/social-assistance',
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, second)),
  });

/** The events social assistance publishes for the scenario, in order. */
function published(s: Scenario): EventEnvelope[] {
  const h = s.household;
  if (s.story === 'add-member') {
    const last = h.members[h.members.length - 1];
    const before: Household = {
      ...h,
      members: h.members.slice(0, -1),
      incomes: h.incomes.filter((l) => l.personRef !== last.personRef),
    };
    return [
      send(HouseholdRegisteredV2, registeredPayload(record(before)), 0),
      send(HouseholdMemberAddedV2, memberAddedPayload(record(h), last.personRef), 1),
    ];
  }
  if (s.story === 'income') {
    const before: Household = { ...h, incomes: [] };
    return [
      send(HouseholdRegisteredV2, registeredPayload(record(before)), 0),
      send(HouseholdIncomeChangedV2, incomeChangedPayload(before, record(h), s.date), 1),
    ];
  }
  return [send(HouseholdRegisteredV2, registeredPayload(record(h)), 0)];
}

/** The head's facts as the engine's view holds them after consuming the published events. */
function engineFacts(s: Scenario): PersonFacts {
  let attrs: Partial<HouseholdAttrs> = {};
  for (const sent of published(s)) {
    const parsed = parseEvent(JSON.parse(JSON.stringify(sent)));
    if (!parsed.ok) throw new Error(`the engine refused ${sent.type}: ${parsed.error}`);
    for (const change of projectEvent(parsed.event))
      if (change.kind === 'household') attrs = { ...attrs, ...change.set }; // later events win, as in the view
  }
  return {
    personRef: s.household.members[0].personRef,
    household: { ...attrs, householdId: s.household.householdId, relation: 'head', members: [] },
    programmes: [],
    householdProgrammes: [],
    expenses: [],
    parents: [],
    sources: {},
  };
}

// ---------------------------------------------------------------- households near every boundary

const member = (i: number): HouseholdMember => ({
  ...MEMBER_DEFAULTS,
  personRef: `agree${i}:${'x'.repeat(20)}${i}`,
  birthDate: '1980-03-01',
  sex: i % 2 ? 'male' : 'female',
  relation: i === 0 ? 'applicant' : 'other',
});

// Every day a dibao standard or the low-income multiplier changes in the files, and the day before
// (none before the first standard: there is nothing to judge against then).
const changeDays = [dibaoStandardKey('urban'), dibaoStandardKey('rural'), LOW_INCOME_MULTIPLIER_KEY]
  .flatMap((key) => files.definition(key).entries.flatMap((e) => [e.effectiveFrom, dayBefore(e.effectiveFrom)]))
  .filter((day) => day >= '2016-01-01');
const anyDay = fc
  .date({ min: new Date('2016-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

// A standard scheduled at runtime for one area (so urban and rural differ), odd fen included so the
// low-income ceiling has a half fen to round.
const scheduledStandard = fc.record({
  area: fc.constantFrom<StandardArea>('urban', 'rural'),
  value: fc.integer({ min: 60000, max: 200000 }),
  effectiveFrom: fc.date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2026-12-31T00:00:00Z'),
    noInvalidDate: true,
  }),
});

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    memberCount: fc.integer({ min: 1, max: 6 }),
    area: fc.constantFrom<StandardArea>('urban', 'rural'),
    story: fc.constantFrom<Scenario['story']>('register-all', 'add-member', 'income'),
    schedule: fc.array(scheduledStandard, { maxLength: 2 }),
    dateKind: fc.constantFrom('change-day', 'scheduled-day', 'day-before-scheduled', 'any'),
    changeDay: fc.constantFrom(...changeDays),
    anyDay,
    incomeKind: fc.constantFrom('standard', 'rounding-edge', 'ceiling', 'ceiling-rounding-edge', 'any'),
    incomeDelta: fc.integer({ min: -3, max: 3 }),
    incomeShare: fc.double({ min: 0, max: 2, noNaN: true }),
    monthlyShare: fc.double({ min: 0, max: 1, noNaN: true }),
    earner: fc.nat(),
    assetKind: fc.constantFrom('limit', 'any'),
    assetDelta: fc.integer({ min: -2, max: 2 }),
    assetShare: fc.double({ min: 0, max: 2, noNaN: true }),
  })
  .map((g) => {
    const scheduled: ScheduledValue[] = g.schedule.map((x) => ({
      key: dibaoStandardKey(x.area),
      value: x.value,
      effectiveFrom: x.effectiveFrom.toISOString().slice(0, 10),
      source: 'agreement test',
      scheduledBy: 'agreement-test',
    }));
    const firstScheduled = scheduled[0]?.effectiveFrom;
    const date =
      g.dateKind === 'change-day'
        ? g.changeDay
        : g.dateKind === 'scheduled-day' && firstScheduled
          ? firstScheduled
          : g.dateKind === 'day-before-scheduled' && firstScheduled
            ? dayBefore(firstScheduled)
            : g.anyDay;
    const params = files.withOverrides(scheduled);
    const n = g.memberCount;
    const standard = params.valueAt(dibaoStandardKey(g.area), date).value as number;
    const multiplier = date >= '2020-01-01' ? String(params.valueAt(LOW_INCOME_MULTIPLIER_KEY, date).value) : '1.5';
    const standardAnnual = standard * 12 * n;
    const ceilingAnnual = multiplyFen(standardAnnual, multiplier, 'down');
    // x.5 fen per person per month: the per-capita figure rounds up onto the next fen
    const halfFenPerCapita = 6 * n;
    const annual = Math.max(
      0,
      {
        standard: standardAnnual + g.incomeDelta,
        'rounding-edge': standardAnnual - halfFenPerCapita + g.incomeDelta,
        ceiling: ceilingAnnual + g.incomeDelta,
        'ceiling-rounding-edge': ceilingAnnual + halfFenPerCapita + g.incomeDelta,
        any: Math.round(standardAnnual * g.incomeShare),
      }[g.incomeKind as 'any'],
    );
    const limit = (params.valueAt(ASSET_LIMIT_KEY, date).value as number) * n;
    const financialAssetsFen = Math.max(
      0,
      g.assetKind === 'limit' ? limit + g.assetDelta : Math.round(limit * g.assetShare),
    );

    const members = Array.from({ length: n }, (_, i) => member(i));
    // the income arrives as a monthly line and an annual line, on different members when there are several
    const monthlyFen = Math.floor((annual / 12) * g.monthlyShare);
    const incomes: Income[] = [
      { personRef: members[0].personRef, source: 'wages' as const, period: 'monthly' as const, amountFen: monthlyFen },
      {
        personRef: members[g.earner % n].personRef,
        source: 'business' as const,
        period: 'annual' as const,
        amountFen: annual - 12 * monthlyFen,
      },
    ].filter((l) => l.amountFen > 0);
    const household: Household = {
      householdId: 'hh-agreement',
      standardArea: g.area,
      members,
      incomes,
      assets: { financialAssetsFen, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false },
      rigidExpenditure: { medical: 0, education: 0, rehabilitation: 0, disaster: 0, accident: 0 },
    };
    return { household, story: n > 1 ? g.story : g.story === 'add-member' ? 'register-all' : g.story, date, scheduled };
  });

// ---------------------------------------------------------------- the properties

describe('the means test and the policy engine agree on dibao and low-income', () => {
  it('for the rounding case of the issue: 2 members with 2,920,788 fen a year on 2024-12-31', () => {
    const members = [member(0), member(1)];
    const household: Household = {
      householdId: 'hh-agreement',
      standardArea: 'urban',
      members,
      incomes: [{ personRef: members[0].personRef, source: 'wages', period: 'annual', amountFen: 2920788 }],
      assets: { financialAssetsFen: 0, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false },
      rigidExpenditure: { medical: 0, education: 0, rehabilitation: 0, disaster: 0, accident: 0 },
    };
    // 121,699.5 fen per person a month: below the 121,700 standard, though it rounds to it
    const v = verdicts({ household, story: 'register-all', date: '2024-12-31', scheduled: [] });
    expect(v.dibao).toEqual({ meansTest: true, rule: true });
  });

  it('for a rural household once the rural standard differs from the urban one', () => {
    const members = [member(0)];
    const household: Household = {
      householdId: 'hh-agreement',
      standardArea: 'rural',
      members,
      incomes: [{ personRef: members[0].personRef, source: 'wages', period: 'monthly', amountFen: 125500 }],
      assets: { financialAssetsFen: 0, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false },
      rigidExpenditure: { medical: 0, education: 0, rehabilitation: 0, disaster: 0, accident: 0 },
    };
    const scheduled: ScheduledValue[] = [
      {
        key: dibaoStandardKey('rural'),
        value: 126000,
        effectiveFrom: '2025-06-01',
        source: 'test',
        scheduledBy: 'test',
      },
    ];
    expect(verdicts({ household, story: 'register-all', date: '2025-05-31', scheduled }).dibao).toEqual({
      meansTest: false,
      rule: false,
    });
    expect(verdicts({ household, story: 'register-all', date: '2025-06-01', scheduled }).dibao).toEqual({
      meansTest: true,
      rule: true,
    });
  });

  it(`for ${NUM_RUNS} random households and dates at and around every boundary`, () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenario, (s) => {
        const v = verdicts(s);
        seen.add(`dibao:${v.dibao.meansTest}`).add(`low-income:${v.lowIncome.meansTest}`);
        expect(v.dibao.rule).toBe(v.dibao.meansTest);
        if (v.lowIncome.rule === 'not-in-force') {
          // before the multiplier's first value neither side can judge low-income
          expect(v.lowIncome).toMatchObject({ meansTest: false, assessable: false });
        } else {
          expect(v.lowIncome.rule).toBe(v.lowIncome.meansTest);
        }
      }),
      { numRuns: NUM_RUNS },
    );
    // the households reach both sides of each test, or agreement would prove nothing
    expect([...seen].sort()).toEqual(['dibao:false', 'dibao:true', 'low-income:false', 'low-income:true']);
  });
});
