/**
 * The policy engine benchmarks' events (bench/policy-engine.ts, bench/policy-replay.ts): two-member
 * households, half of them under the dibao standard, and the four-topic mix built on them.
 */
import {
  CaseApprovedV1,
  createEvent,
  DeathRecordedV1,
  EventDefinition,
  HouseholdIncomeChangedV1,
  HouseholdRegisteredV1,
  HouseholdRegisteredV1Payload,
  PaymentIssuedV1,
  producerOf,
  toKafkaRecord,
} from '@civic/contracts';
import { randomBytes } from 'node:crypto';

const ref = () => `b1:${randomBytes(18).toString('base64url')}`;
export function household(i: number, perCapitaFen: number): HouseholdRegisteredV1Payload {
  return {
    householdId: `hh-bench-${i}`,
    town: '442000100',
    village: '442000100001',
    hukouType: 'local',
    members: [
      {
        personRef: ref(),
        maskedId: '442000********1234',
        birthDate: '1970-01-01',
        sex: 'male',
        relation: 'head',
        labourCapacity: 'partial',
        seriousIllness: false,
        monthlyIncomeFen: perCapitaFen * 2,
      },
      {
        personRef: ref(),
        maskedId: '442000********0026',
        birthDate: '2012-01-01',
        sex: 'female',
        relation: 'child',
        labourCapacity: 'none',
        seriousIllness: false,
        schooling: 'middle',
        monthlyIncomeFen: 0,
      },
    ],
    assets: { financialAssetsFen: 0, vehicleCount: 0, housingUnits: 1 },
    totalMonthlyIncomeFen: perCapitaFen * 2,
    perCapitaMonthlyIncomeFen: perCapitaFen,
  };
}
export const record = (topic: string, p: HouseholdRegisteredV1Payload) => {
  const r = toKafkaRecord(createEvent(HouseholdRegisteredV1, p, { source: '/civic/social-assistance' }), topic);
  return { key: r.key, value: r.value, headers: r.headers };
};
const recordOf = <T extends object>(topics: { topic(t: string): string }, def: EventDefinition<T>, p: NoInfer<T>) => {
  const r = toKafkaRecord(createEvent(def, p, { source: producerOf(def) }), topics.topic(def.topic));
  return { topic: r.topic, record: { key: r.key, value: r.value, headers: r.headers } };
};

/**
 * The BENCH_MIX events of households `from` to `from + n - 1`, grouped by topic (each in the order
 * produced): registrations, an income rise for a quarter, a case approval for another quarter, and
 * for a tenth the head's death and a payment dated after it.
 */
export function mix(
  topics: { topic(t: string): string },
  n: number,
  from = 0,
): Map<string, ReturnType<typeof record>[]> {
  const today = new Date().toISOString().slice(0, 10);
  const out = new Map<string, ReturnType<typeof recordOf>['record'][]>();
  const add = (r: ReturnType<typeof recordOf>) => out.set(r.topic, [...(out.get(r.topic) ?? []), r.record]);
  for (let i = from; i < from + n; i++) {
    const low = i % 2 === 1;
    const h = household(i, low ? 50000 : 300000);
    const head = h.members[0].personRef;
    add(recordOf(topics, HouseholdRegisteredV1, h));
    if (i % 4 === 1)
      add(
        recordOf(topics, HouseholdIncomeChangedV1, {
          householdId: h.householdId,
          town: h.town,
          effectiveDate: today,
          incomes: [{ personRef: head, source: 'wages', monthlyIncomeFen: 600000 }],
          memberCount: 2,
          totalMonthlyIncomeFen: 600000,
          perCapitaMonthlyIncomeFen: 300000,
          previousPerCapitaMonthlyIncomeFen: 50000,
        }),
      );
    if (i % 4 === 3)
      add(
        recordOf(topics, CaseApprovedV1, {
          caseId: `case-bench-${i}`,
          householdId: h.householdId,
          personRef: head,
          programme: 'dibao',
          town: h.town,
          approvedOn: today,
          actor: { userId: 'u-bench', duty: 'approver' },
          monthlyAmountFen: 150000,
          effectiveFrom: today,
        }),
      );
    if (i % 10 === 0) {
      add(
        recordOf(topics, DeathRecordedV1, {
          recordId: `death-bench-${i}`,
          personRef: head,
          maskedId: '442000********1234',
          deathDate: '2020-02-02',
          status: 'formal',
        }),
      );
      add(
        recordOf(topics, PaymentIssuedV1, {
          paymentId: `pay-bench-${i}`,
          runMonth: today.slice(0, 7),
          caseId: `case-bench-${i}`,
          personRef: head,
          programme: 'dibao',
          amountFen: 125000,
          town: h.town,
          issuedOn: today,
          actor: { userId: 'u-bench', duty: 'disburser' },
        }),
      );
    }
  }
  return out;
}
