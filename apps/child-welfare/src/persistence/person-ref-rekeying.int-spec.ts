import { eventWithCurrentRefs, refColumnsIn, rotationBench } from '@civic/operations';
import { AuditLogTable1764300000000 } from '@civic/platform';
import { freshSchema, migratedSchema, residentIdNumber } from '@civic/testing';
import { DataSource } from 'typeorm';
import { childWelfareRefColumns, childWelfareRefRekeying } from './person-ref-rekeying';
import { CHILD_WELFARE_MIGRATIONS } from '../child-welfare.migrations';

// Child welfare's re-keying on its real schema (docs/adr/0018-person-ref-rekeying.md): every ref
// column is listed, a person's ref moves with the children referring to it, consumed events resolve
// old refs, and a parent registered under both keys neither fails the batch nor loses a fact.
describe('child welfare personRef re-keying', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  let bench: ReturnType<typeof rotationBench>;
  const child = residentIdNumber('20150101', 21);
  const mother = residentIdNumber('19900101', 22);

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('cw_rekey', [AuditLogTable1764300000000, ...CHILD_WELFARE_MIGRATIONS]));
    bench = rotationBench(ds, childWelfareRefRekeying.options);
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  it('lists every personRef column of the schema (bank_batch_ref is a bank reference, not a person)', async () => {
    const listed = childWelfareRefColumns.map((c) => `${c.table}.${c.column}`);
    expect(await refColumnsIn(ds)).toEqual([...listed, 'allowance_payment_run.bank_batch_ref'].sort());
  });

  it('moves the person with the children referring to it, and settles a parent registered under both keys', async () => {
    const person = (ref: string, idNumber: string) =>
      ds.query(`INSERT INTO person (person_ref, masked_id, id_number_encrypted) VALUES ($1, 'masked', $2)`, [
        ref,
        bench.encrypt(idNumber),
      ]);
    const situation = (ref: string, s: string) =>
      ds.query(
        `INSERT INTO parent_situation (person_ref, situation, since, recorded_from) VALUES ($1, $2, '2026-01-01', 'hub')`,
        [ref, s],
      );
    await person(bench.k1(child), child);
    await person(bench.k1(mother), mother);
    // the mother registered again after the rotation
    await person(bench.k2(mother), mother);
    await ds.query(
      `INSERT INTO child (child_id, person_ref, birth_date, sex, town, village, mother_ref, care_mode, category, category_basis, category_from, age_out_date, registered_by)
       VALUES ('c1', $1, '2015-01-01', 'F', '442000100', '442000100001', $2, 'family', 'de-facto-unattended', 'test', '2026-01-01', '2033-01-01', 'test')`,
      [bench.k1(child), bench.k1(mother)],
    );
    await situation(bench.k1(mother), 'imprisoned');
    await situation(bench.k1(mother), 'dead');
    await situation(bench.k2(mother), 'dead');
    await ds.query(`INSERT INTO assistance_household_member (household_id, person_ref) VALUES ('h1', $1), ('h1', $2)`, [
      bench.k1(mother),
      bench.k2(mother),
    ]);
    await ds.query(
      `INSERT INTO work_item (alert_id, person_ref, rule_id, town, priority, due_date, summary) VALUES ('a1', $1, 'r1', '442000100', 'high', '2026-02-01', 'test')`,
      [bench.k1(child)],
    );

    const out = await bench.rekeying.rekeyAll('admin-1');

    expect(out.rekeyed).toBe(2);
    expect(out.conflicts).toEqual({ 'person.person_ref': 1 });
    expect(Object.entries(out.remaining).filter(([, n]) => n > 0)).toEqual([['person.person_ref', 1]]);
    expect(await ds.query(`SELECT person_ref, mother_ref FROM child`)).toEqual([
      { person_ref: bench.k2(child), mother_ref: bench.k2(mother) },
    ]);
    // mark: the mother's first registration stays under k1, listed for a caseworker
    expect(
      (await ds.query(`SELECT person_ref FROM person ORDER BY 1`)).map((r: { person_ref: string }) => r.person_ref),
    ).toEqual([bench.k1(mother), bench.k2(child), bench.k2(mother)].sort());
    // merge: one 'dead' per person, and the fact only the old ref held moves
    expect(await ds.query(`SELECT person_ref, situation FROM parent_situation ORDER BY situation`)).toEqual([
      { person_ref: bench.k2(mother), situation: 'dead' },
      { person_ref: bench.k2(mother), situation: 'imprisoned' },
    ]);
    expect(await ds.query(`SELECT person_ref FROM assistance_household_member`)).toEqual([
      { person_ref: bench.k2(mother) },
    ]);
    expect(await ds.query(`SELECT person_ref FROM work_item`)).toEqual([{ person_ref: bench.k2(child) }]);
    expect((await bench.rekeying.rekeyAll('admin-1')).rekeyed).toBe(0);

    // a household event from social assistance published under the old ref reaches the handler under the new one
    const late = await eventWithCurrentRefs(
      {
        type: 'assistance.household.member-added',
        data: { householdId: 'h1', members: [{ personRef: bench.k1(mother) }] },
      },
      ds.manager,
    );
    expect(late.data).toEqual({ householdId: 'h1', members: [{ personRef: bench.k2(mother) }] });
  });
});
