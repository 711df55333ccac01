/**
 * The policy engine benchmarks' events (bench/policy-engine.ts, bench/policy-replay.ts): two-member
 * households, half of them under the dibao standard, and the four-topic mix built on them.
 */
import {
  allEventDefinitions,
  AssistancePersonRefRekeyedV1,
  CaseApprovedV1,
  createEvent,
  DeathRecordedV1,
  EventDefinition,
  HouseholdIncomeChangedV1,
  HouseholdRegisteredV1,
  HouseholdRegisteredV1Payload,
  HubPersonRefRekeyedV1,
  PaymentIssuedV1,
  personViewEventTypes,
  producerOf,
  toKafkaRecord,
} from '@civic/contracts';
import { isUUID } from 'class-validator';
import { randomBytes, randomUUID } from 'node:crypto';

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
 * The types the department part of the mix cycles through: every type the person view is built from
 * (personViewEventTypes), at its latest version, except the four-topic mix's own types, scheduled
 * parameter values (a handful a year) and, unless `rekeys`, key rotations (`*.person.ref-rekeyed`:
 * one per person and department when a personRef key is retired, not a steady flow).
 */
function departmentDefinitions(rekeys: boolean): EventDefinition[] {
  const own = new Set(
    [HouseholdRegisteredV1, HouseholdIncomeChangedV1, CaseApprovedV1, DeathRecordedV1, PaymentIssuedV1].map(
      (d) => d.type,
    ),
  );
  // sorted by type, then version: the last of each type is its latest
  const latest = new Map(allEventDefinitions().map((d) => [d.type, d]));
  return personViewEventTypes()
    .filter((t) => !own.has(t) && t !== 'policy.parameter.value-scheduled')
    .filter((t) => rekeys || !t.endsWith('.person.ref-rekeyed'))
    .map((t) => latest.get(t)!);
}

/**
 * A department event about household `i`'s people, from its type's catalogue example: the example's
 * first person reference becomes `person`, any other one a new person; every `…Id` field (the
 * aggregate ids among them) gets the household's suffix, so each household's aggregates are its
 * own; UUIDs are drawn afresh. The rest (dates, amounts, codes) stays as the example has it: a
 * valid payload of the real shape, checked by createEvent like every other.
 */
function fromExample(def: EventDefinition, i: number, person: string): object {
  const refs = new Map<string, string>();
  const rewrite = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => rewrite(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x, k)]));
    if (typeof v !== 'string') return v;
    if (/^k\d+:/.test(v)) return refs.get(v) ?? refs.set(v, refs.size ? ref() : person).get(v)!;
    if (isUUID(v)) return randomUUID();
    if (/Id$/.test(key) && key !== 'maskedId') return `${v}-b${i}`;
    return v;
  };
  return rewrite(def.example, '') as object;
}

/**
 * The BENCH_MIX events of households `from` to `from + n - 1`, grouped by topic (each in the order
 * produced): registrations, an income rise for a quarter, a case approval for another quarter, and
 * for a tenth the head's death and a payment dated after it. With `departments` (BENCH_MIX=all),
 * also one department event per household, the types of departmentDefinitions() in turn (the child's
 * for child-welfare types and school enrolments, the head's otherwise), so that every topic the
 * engine reads carries events; with `rekeys` (BENCH_REKEY=1) key rotations among them. With
 * `rotation` (BENCH_MIX=rotation), after them a personRef key rotation: every member re-keyed by
 * social assistance and by the hub, as both re-key everyone they hold (the same old → new pair).
 */
export function mix(
  topics: { topic(t: string): string },
  n: number,
  from = 0,
  { departments = false, rekeys = false, rotation = false } = {},
): Map<string, ReturnType<typeof record>[]> {
  const today = new Date().toISOString().slice(0, 10);
  const out = new Map<string, ReturnType<typeof recordOf>['record'][]>();
  const add = (r: ReturnType<typeof recordOf>) => {
    const list = out.get(r.topic) ?? out.set(r.topic, []).get(r.topic)!;
    list.push(r.record);
  };
  const others = departments ? departmentDefinitions(rekeys) : [];
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
    if (others.length) {
      const def = others[i % others.length];
      const child = def.type.startsWith('child-welfare.') || def.type === 'hub.person.school-enrolled';
      add(recordOf(topics, def, fromExample(def, i, child ? h.members[1].personRef : head)));
    }
    if (rotation)
      for (const m of h.members) {
        const pair = { oldRef: m.personRef, newRef: `b2:${m.personRef.slice(3)}`, keyId: 'b2' };
        add(recordOf(topics, AssistancePersonRefRekeyedV1, pair));
        add(recordOf(topics, HubPersonRefRekeyedV1, pair));
      }
  }
  return out;
}
