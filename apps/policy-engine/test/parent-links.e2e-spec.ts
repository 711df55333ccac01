import {
  BirthRegisteredV1,
  createEvent,
  ElderRegisteredV1,
  EventEnvelope,
  HouseholdMember,
  HouseholdMemberAddedV1,
  HouseholdRegisteredV1,
  HouseholdRegisteredV1Payload,
  producerOf,
} from '@civic/contracts';
import { withClient } from '@civic/testing';
import { stampOf } from '../src/person-view/person-view.store';
import { EngineFixture, ref, startEngine } from './policy-engine.fixture';

// Parent links in the person view (apps/policy-engine/src/person-view/household-parents.ts): from a
// household's relations, and from a hub birth record, which wins whatever order the two arrive in.

jest.setTimeout(180_000);

const TOWN = '442000100';

const member = (personRef: string, relation: HouseholdMember['relation'], sex: 'male' | 'female', birthDate: string) =>
  ({
    personRef,
    maskedId: '442000********0011',
    birthDate,
    sex,
    relation,
    labourCapacity: relation === 'child' ? 'none' : 'full',
    seriousIllness: false,
    monthlyIncomeFen: 0,
  }) satisfies HouseholdMember;

const household = (householdId: string, members: HouseholdMember[]): HouseholdRegisteredV1Payload => ({
  householdId,
  town: TOWN,
  village: '442000100001',
  hukouType: 'local',
  members,
  assets: { financialAssetsFen: 0, vehicleCount: 0, housingUnits: 1 },
  totalMonthlyIncomeFen: 0,
  perCapitaMonthlyIncomeFen: 0,
});

describe('policy engine: parent links from households and birth records', () => {
  let e: EngineFixture;
  const links = (child: string) =>
    withClient(
      e.schema.url,
      async (c) =>
        (await c.query(`SELECT role, parent_ref, source FROM pe_parent WHERE child_ref = $1 ORDER BY role`, [child]))
          .rows,
    );

  beforeAll(async () => {
    e = await startEngine('pe_links');
  });
  afterAll(() => e?.close());

  it("links a household's child to the head and spouse, and the head to a parent who joins later", async () => {
    const [father, mother, child, grandmother] = [ref(), ref(), ref(), ref()];
    await e.publish(
      HouseholdRegisteredV1,
      household('hh-links-1', [
        member(father, 'head', 'male', '1980-01-01'),
        member(mother, 'spouse', 'female', '1982-02-02'),
        member(child, 'child', 'female', '2015-03-03'),
      ]),
    );
    await e.publish(HouseholdMemberAddedV1, {
      householdId: 'hh-links-1',
      town: TOWN,
      member: member(grandmother, 'parent', 'female', '1950-05-05'),
      memberCount: 4,
      perCapitaMonthlyIncomeFen: 0,
    });
    await e.consumedAll();
    expect(await links(child)).toEqual([
      { role: 'father', parent_ref: father, source: 'household' },
      { role: 'mother', parent_ref: mother, source: 'household' },
    ]);
    expect(await links(father)).toEqual([{ role: 'mother', parent_ref: grandmother, source: 'household' }]);
    // a grandparent or sibling says nothing certain about parents
    expect(await links(grandmother)).toEqual([]);
  });

  it.each([{ order: 'household first, then the birth record' }, { order: 'birth record first, then the household' }])(
    'keeps the birth record over the household link ($order)',
    async ({ order }) => {
      const [head, spouse, child, birthMother] = [ref(), ref(), ref(), ref()];
      const hh = () =>
        e.publish(
          HouseholdRegisteredV1,
          household(`hh-links-${order.length}-${head.slice(3, 9)}`, [
            member(head, 'head', 'male', '1980-01-01'),
            member(spouse, 'spouse', 'female', '1982-02-02'),
            member(child, 'child', 'male', '2016-04-04'),
          ]),
        );
      const birth = () =>
        e.publish(BirthRegisteredV1, {
          recordId: `birth-${child.slice(3, 12)}`,
          personRef: child,
          maskedId: '442000********0013',
          birthDate: '2016-04-04',
          sex: 'male',
          town: TOWN,
          motherPersonRef: birthMother,
        });
      if (order.startsWith('household')) {
        await hh();
        await e.consumedAll();
        await birth();
      } else {
        await birth();
        await e.consumedAll();
        await hh();
      }
      await e.consumedAll();
      expect(await links(child)).toEqual([
        { role: 'father', parent_ref: head, source: 'household' },
        { role: 'mother', parent_ref: birthMother, source: 'birth-record' },
      ]);
    },
  );

  // The head's sex comes from the household (male) and, later, from the eldercare register (female):
  // the later record is the person's sex, and the child's link follows it whichever topic is read
  // first, with the same stamp (the memberships'), so a rebuild from offset 0 gives the same row.
  it.each([{ order: 'household first, then the elder record' }, { order: 'elder record first, then the household' }])(
    "derives the role from the parent's sex as recorded last, whatever order the topics are read in ($order)",
    async ({ order }) => {
      const [head, child] = [ref(), ref()];
      const householdId = `hh-links-sex-${head.slice(3, 11)}`;
      const registered = createEvent(
        HouseholdRegisteredV1,
        household(householdId, [
          member(head, 'head', 'male', '1950-01-01'),
          member(child, 'child', 'female', '1985-03-03'),
        ]),
        { source: producerOf(HouseholdRegisteredV1) },
      );
      const elder = createEvent(
        ElderRegisteredV1,
        {
          elderId: `elder-${head.slice(3, 11)}`,
          personRef: head,
          town: TOWN,
          maskedId: '442000********0013',
          birthDate: '1950-01-01',
          sex: 'female',
          village: '442000100001',
          livingSituation: ['alone'],
          economicStatus: 'none',
          monthlyVisitRequired: false,
        },
        { source: producerOf(ElderRegisteredV1) },
      );
      // recorded a day after the household, whenever it is read
      elder.time = new Date(Date.parse(registered.time) + 86_400_000).toISOString();
      const [first, second]: EventEnvelope[] = order.startsWith('household')
        ? [registered, elder]
        : [elder, registered];
      await e.resend([first]);
      await e.consumedAll();
      await e.resend([second]);
      await e.consumedAll();
      const rows = await withClient(
        e.schema.url,
        async (c) =>
          (await c.query(`SELECT role, parent_ref, source, stamp FROM pe_parent WHERE child_ref = $1`, [child])).rows,
      );
      expect(rows).toEqual([{ role: 'mother', parent_ref: head, source: 'household', stamp: stampOf(registered) }]);
    },
  );
});
