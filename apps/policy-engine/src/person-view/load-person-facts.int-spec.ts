import { freshSchema, migratedSchema } from '@civic/testing';
import { DataSource } from 'typeorm';
import { POLICY_ENGINE_MIGRATIONS } from '../policy-engine.migrations';
import { loadPeopleFacts } from './load-person-facts';

// A segment of a run reads the facts of hundreds of people in one query (load-person-facts.ts), and
// the rows are then matched to each person through indexes. Each person must get exactly what a read
// of them alone gives, in the order the rules see (expenses by date across the household's members,
// programmes by person, department and programme), and nothing of another household.
describe('reading the facts of many people at once (real PostgreSQL)', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('pe_facts', POLICY_ENGINE_MIGRATIONS));
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  it('gives each person what a read of them alone gives, in the rules’ order', async () => {
    const stamp = '2026-01-01T00:00:00.000Z|e1';
    // two households of three; refs chosen so that ref order and date order differ
    const households = {
      'hh-a': ['p:a3', 'p:a1', 'p:a2'],
      'hh-b': ['p:b2', 'p:b1', 'p:b3'],
    };
    const everyone = [...Object.values(households).flat(), 'p:loner'];
    for (const ref of everyone)
      await ds.query(`INSERT INTO pe_person (person_ref, attrs, stamps) VALUES ($1, $2, $3)`, [
        ref,
        { birthDate: '1960-01-01', sex: ref.endsWith('1') ? 'female' : 'male' },
        { birthDate: stamp, sex: stamp },
      ]);
    for (const [hh, members] of Object.entries(households)) {
      await ds.query(`INSERT INTO pe_household (household_id, attrs, stamps) VALUES ($1, $2, $3)`, [
        hh,
        { town: '442000100' },
        { town: stamp },
      ]);
      for (const [i, ref] of members.entries())
        await ds.query(
          `INSERT INTO pe_household_member (household_id, person_ref, relation, stamp) VALUES ($1, $2, $3, $4)`,
          [hh, ref, i === 0 ? 'head' : 'child', stamp],
        );
    }
    const programme = (ref: string, department: string, name: string, householdId?: string) =>
      ds.query(
        `INSERT INTO pe_programme (person_ref, department, programme, attrs, stamps) VALUES ($1, $2, $3, $4, $5)`,
        [ref, department, name, { status: 'enrolled', ...(householdId ? { householdId } : {}) }, { status: stamp }],
      );
    await programme('p:a2', 'eldercare', 'high-age');
    await programme('p:a2', 'assistance', 'dibao', 'hh-a');
    await programme('p:a1', 'education', 'aid');
    await programme('p:b3', 'assistance', 'dibao', 'hh-b');
    // recorded for hh-a on someone who is not a member of it: it still counts for the household
    await programme('p:loner', 'assistance', 'temporary', 'hh-a');
    const expense = (ref: string, id: string, on: string) =>
      ds.query(
        `INSERT INTO pe_expense (person_ref, source_id, category, spent_on, amount_fen, event_id) VALUES ($1, $2, 'medical', $3, 1000, 'e1')`,
        [ref, id, on],
      );
    await expense('p:a3', 'x1', '2026-03-01');
    await expense('p:a1', 'x2', '2026-01-01');
    await expense('p:a2', 'x3', '2026-02-01');
    await expense('p:a1', 'x4', '2026-04-01');
    await expense('p:b1', 'x5', '2026-01-15');
    await ds.query(
      `INSERT INTO pe_parent (child_ref, role, parent_ref, stamp, source) VALUES ('p:a1', 'father', 'p:a3', $1, 'household'), ('p:b1', 'father', 'p:b2', $1, 'household')`,
      [stamp],
    );

    // in a transaction the read is a prepared statement (prepared-query.ts), read twice so the second
    // reuses it; outside one it is a plain query: both must give the same facts
    const [together, again] = await ds.transaction(async (m) => [
      await loadPeopleFacts(m, everyone),
      await loadPeopleFacts(m, everyone),
    ]);
    expect(again).toEqual(together);
    for (const ref of everyone) expect(together.get(ref)).toEqual((await loadPeopleFacts(ds.manager, [ref])).get(ref));

    const a1 = together.get('p:a1')!;
    // by date across the members, not grouped by member
    expect(a1.expenses.map((e) => e.sourceId)).toEqual(['x2', 'x3', 'x1', 'x4']);
    // by person, department, programme; the non-member's programme for the household included
    expect(a1.householdProgrammes.map((p) => `${p.personRef} ${p.department} ${p.programme}`)).toEqual([
      'p:a1 education aid',
      'p:a2 assistance dibao',
      'p:a2 eldercare high-age',
      'p:loner assistance temporary',
    ]);
    expect(a1.programmes.map((p) => p.programme)).toEqual(['aid']);
    expect(a1.household?.members.map((m) => `${m.personRef} ${m.sex} ${m.relation}`)).toEqual([
      'p:a1 female child',
      'p:a2 male child',
      'p:a3 male head',
    ]);
    expect(a1.expenses[0]).toEqual({
      personRef: 'p:a1',
      sourceId: 'x2',
      category: 'medical',
      date: '2026-01-01',
      amountFen: 1000,
      eventId: 'e1',
    });
    expect([a1.birthDate, a1.household?.town, a1.sources.birthDate, a1.sources['household.town']]).toEqual([
      '1960-01-01',
      '442000100',
      'e1',
      'e1',
    ]);
    expect(a1.parents.map((p) => p.personRef)).toEqual(['p:a3']);
    const b1 = together.get('p:b1')!;
    expect(b1.expenses.map((e) => e.sourceId)).toEqual(['x5']);
    expect(b1.householdProgrammes.map((p) => p.personRef)).toEqual(['p:b3']);
    expect(together.get('p:loner')?.householdProgrammes.map((p) => p.programme)).toEqual(['temporary']);
  });
});
