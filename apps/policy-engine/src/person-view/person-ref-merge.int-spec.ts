import { freshSchema, migratedSchema } from '@civic/testing';
import { DataSource } from 'typeorm';
import { POLICY_ENGINE_MIGRATIONS } from '../policy-engine.migrations';
import { lockRunWithCurrentRefs, mergePersonView, withCurrentRefs } from './person-ref-merge';
import { viewDigest } from './view-digest';

// The engine's half of re-keying (docs/adr/0018-person-ref-rekeying.md) on real PostgreSQL: the old
// ref's view merges into the new one attribute by attribute (the later stamp wins, whichever ref it
// was written under), and a change still naming the old ref is rewritten to the new one.
describe('merging a re-keyed person view', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  const OLD = 'k1:old-ref-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
  const NEW = 'k2:new-ref-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('pe_merge', POLICY_ENGINE_MIGRATIONS));
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  it('keeps the later fact of each attribute, moves every row, records the alias and is idempotent', async () => {
    const t = (s: string) => `2026-01-0${s}T00:00:00.000Z|e${s}`;
    await ds.query(`INSERT INTO pe_person (person_ref, attrs, stamps) VALUES ($1, $2, $3), ($4, $5, $6)`, [
      OLD,
      { birthDate: '1950-01-01', disabilityLevel: 2, town: '442000100' },
      { birthDate: t('1'), disabilityLevel: t('5'), town: t('1') },
      NEW,
      { disabilityLevel: 3, town: '442000200' },
      { disabilityLevel: t('3'), town: t('4') },
    ]);
    await ds.query(
      `INSERT INTO pe_programme (person_ref, department, programme, attrs, stamps) VALUES ($1, 'assistance', 'dibao', '{"status":"enrolled"}', $2)`,
      [OLD, { status: t('2') }],
    );
    await ds.query(
      `INSERT INTO pe_household_member (household_id, person_ref, relation, stamp) VALUES ('hh-1', $1, 'head', $2)`,
      [OLD, t('1')],
    );
    await ds.query(`INSERT INTO pe_parent (child_ref, role, parent_ref, stamp) VALUES ('k2:child', 'mother', $1, $2)`, [
      OLD,
      t('1'),
    ]);

    const merge = () =>
      ds.transaction((m) => mergePersonView(m, { oldRef: OLD, newRef: NEW, keyId: 'k2' }, 'rekey-event-1'));
    expect(await merge()).toBe(NEW);
    const once = await viewDigest(ds.manager);
    // a second re-keying of the person (another department's, or a redelivery) finds nothing to merge
    expect(await merge()).toBeUndefined();
    expect((await viewDigest(ds.manager)).digest).toBe(once.digest);

    const people = await ds.query(`SELECT person_ref, attrs FROM pe_person ORDER BY person_ref`);
    expect(people).toEqual([
      // disabilityLevel: the old ref's is later (e5 > e3); town: the new ref's is later (e4 > e1)
      { person_ref: NEW, attrs: { birthDate: '1950-01-01', disabilityLevel: 2, town: '442000200' } },
    ]);
    expect(await ds.query(`SELECT person_ref FROM pe_programme`)).toEqual([{ person_ref: NEW }]);
    expect(await ds.query(`SELECT person_ref FROM pe_household_member`)).toEqual([{ person_ref: NEW }]);
    expect(await ds.query(`SELECT parent_ref FROM pe_parent`)).toEqual([{ parent_ref: NEW }]);
    expect(await ds.query(`SELECT old_ref, new_ref FROM pe_person_alias`)).toEqual([{ old_ref: OLD, new_ref: NEW }]);

    // an event consumed after the merge that still names the old ref is applied to the new view
    const changes = await withCurrentRefs(ds.manager, [
      { kind: 'person', personRef: OLD, set: { disabilityLevel: 1 } },
      { kind: 'parent', childRef: 'k2:child', parentRef: OLD, role: 'mother' },
      { kind: 'member-income', householdId: 'hh-1', incomes: [{ personRef: OLD, monthlyIncomeFen: 100 }] },
    ]);
    expect(changes).toEqual([
      { kind: 'person', personRef: NEW, set: { disabilityLevel: 1 } },
      { kind: 'parent', childRef: 'k2:child', parentRef: NEW, role: 'mother' },
      { kind: 'member-income', householdId: 'hh-1', incomes: [{ personRef: NEW, monthlyIncomeFen: 100 }] },
    ]);
  });

  // Two topics' transactions at once (the live engine and the replay both consume every topic in
  // parallel): a run that resolved the old ref before the merge committed must not write to it.
  it('holds a run naming the old ref until a merge in flight commits, then gives it the new ref', async () => {
    const [oldRef, newRef] = ['k1:old-ref-cccccccccccccccccccccccccccccccccccccccc', 'k2:new-ref-dddddddddddddddddddd'];
    await ds.query(`INSERT INTO pe_person (person_ref, attrs, stamps) VALUES ($1, '{"town":"442000100"}', $2)`, [
      oldRef,
      { town: '2026-01-01T00:00:00.000Z|e1' },
    ]);
    const merging = ds.createQueryRunner();
    await merging.connect();
    await merging.startTransaction();
    try {
      await mergePersonView(merging.manager, { oldRef, newRef, keyId: 'k2' }, 'rekey-event-2');
      let settled = false;
      const run = ds
        .transaction((m) =>
          lockRunWithCurrentRefs(m, [[{ kind: 'person', personRef: oldRef, set: { town: '442000200' } }]]),
        )
        .finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false);
      await merging.commitTransaction();
      expect((await run).changes).toEqual([[{ kind: 'person', personRef: newRef, set: { town: '442000200' } }]]);
    } finally {
      if (merging.isTransactionActive) await merging.rollbackTransaction();
      await merging.release();
    }
  });
});
