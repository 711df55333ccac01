import { freshSchema, migratedSchema } from '@civic/testing';
import { DataSource } from 'typeorm';
import { POLICY_ENGINE_MIGRATIONS } from '../policy-engine.migrations';
import { lockRunWithCurrentRefs, mergePersonView, mergePersonViews, withCurrentRefs } from './person-ref-merge';
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
  // A run's consecutive re-keyings merge together (mergePersonViews): the same view as merging them
  // one after the other, with chains, a shared target, a repeat and an alias that moves on among them.
  it('merges a run of re-keyings as one merge after the other would', async () => {
    const ref = (c: string) => `k1:${c.repeat(40)}`;
    const [A, B, C, D, E, F, Z] = ['a', 'b', 'c', 'd', 'e', 'f', 'z'].map(ref);
    const t = (d: number) => `2026-02-${String(d).padStart(2, '0')}T00:00:00.000Z|e${d}`;
    const seed = async (db: DataSource) => {
      const person = (r: string, town: string, level: number, st: number, sl: number) =>
        db.query(`INSERT INTO pe_person (person_ref, attrs, stamps) VALUES ($1, $2, $3)`, [
          r,
          { town, disabilityLevel: level },
          { town: t(st), disabilityLevel: t(sl) },
        ]);
      await person(A, '442000101', 1, 9, 2);
      await person(B, '442000102', 2, 3, 8);
      await person(C, '442000103', 3, 4, 4);
      await person(D, '442000104', 4, 5, 1);
      await person(E, '442000105', 1, 1, 9);
      await person(F, '442000106', 2, 7, 7);
      for (const [r, st] of [
        [A, 3],
        [B, 6],
        [D, 2],
        [F, 8],
      ] as const)
        await db.query(
          `INSERT INTO pe_programme (person_ref, department, programme, attrs, stamps) VALUES ($1, 'assistance', 'dibao', $2, $3)`,
          [r, { status: st % 2 ? 'enrolled' : 'ended' }, { status: t(st) }],
        );
      for (const [h, r, rel, st] of [
        ['hh-1', A, 'head', 4],
        ['hh-1', B, 'spouse', 2],
        ['hh-2', C, 'head', 3],
        ['hh-2', D, 'child', 6],
        ['hh-3', F, 'head', 5],
      ] as const)
        await db.query(
          `INSERT INTO pe_household_member (household_id, person_ref, relation, stamp) VALUES ($1, $2, $3, $4)`,
          [h, r, rel, t(st)],
        );
      for (const [r, src] of [
        [A, 's1'],
        [B, 's1'],
        [C, 's2'],
      ])
        await db.query(
          `INSERT INTO pe_expense (person_ref, source_id, category, spent_on, amount_fen, event_id) VALUES ($1, $2, 'medical', '2026-01-05', 1000, 'e')`,
          [r, src],
        );
      for (const [id, r] of [
        ['pay-1', A],
        ['pay-2', C],
      ])
        await db.query(
          `INSERT INTO pe_payment_event (payment_id, status, person_ref, programme, dated, amount_fen, event_id) VALUES ($1, 'paid', $2, 'dibao', '2026-01-10', 50000, 'e')`,
          [id, r],
        );
      for (const [child, role, parent, st, source] of [
        [A, 'mother', 'k1:x', 2, 'household'],
        [B, 'mother', 'k1:y', 1, 'birth-record'],
        ['k1:kid-1', 'mother', C, 3, 'birth-record'],
        ['k1:kid-2', 'father', F, 4, 'household'],
        [E, 'father', 'k1:w', 5, 'household'],
      ] as const)
        await db.query(
          `INSERT INTO pe_parent (child_ref, role, parent_ref, stamp, source) VALUES ($1, $2, $3, $4, $5)`,
          [child, role, parent, t(st), source],
        );
      await db.query(`INSERT INTO pe_person_alias (old_ref, new_ref, event_id) VALUES ($1, $2, 'e-z')`, [Z, A]);
    };
    const pairs = [
      [A, B],
      [C, D],
      [F, D], // a shared target
      [B, E], // a chain: B holds A's view by then
      [A, B], // a repeat: A is merged already
      [Z, C], // an old ref merged before: nothing to do
    ].map(([oldRef, newRef], i) => ({
      payload: { oldRef, newRef, keyId: 'k1' },
      eventId: `00000000-0000-4000-8000-00000000000${i}`,
    }));

    const other = await migratedSchema('pe_merge_set', POLICY_ENGINE_MIGRATIONS);
    try {
      await seed(other.ds);
      const oneByOne = [];
      for (const r of pairs) oneByOne.push(await other.ds.transaction((m) => mergePersonView(m, r.payload, r.eventId)));

      const fresh = await migratedSchema('pe_merge_run', POLICY_ENGINE_MIGRATIONS);
      try {
        await seed(fresh.ds);
        const together = await fresh.ds.transaction((m) => mergePersonViews(m, pairs));
        expect(together).toEqual(oneByOne);
        expect(oneByOne).toEqual([B, D, D, E, undefined, undefined]);
        const [one, set] = [await viewDigest(other.ds.manager), await viewDigest(fresh.ds.manager)];
        expect(set.tables).toEqual(one.tables);
        // per attribute the latest stamp of the merged people: E took A's town (e9), kept its level (e9)
        expect(await fresh.ds.query(`SELECT person_ref, attrs FROM pe_person ORDER BY person_ref`)).toEqual([
          { person_ref: D, attrs: { town: '442000106', disabilityLevel: 2 } },
          { person_ref: E, attrs: { town: '442000101', disabilityLevel: 1 } },
        ]);
        // every alias one hop from the ref the view lives under
        expect(await fresh.ds.query(`SELECT old_ref, new_ref FROM pe_person_alias ORDER BY old_ref`)).toEqual([
          { old_ref: A, new_ref: E },
          { old_ref: B, new_ref: E },
          { old_ref: C, new_ref: D },
          { old_ref: F, new_ref: D },
          { old_ref: Z, new_ref: E },
        ]);
      } finally {
        await fresh.ds.destroy();
        await fresh.schema.drop();
      }
    } finally {
      await other.ds.destroy();
      await other.schema.drop();
    }
  });
});
