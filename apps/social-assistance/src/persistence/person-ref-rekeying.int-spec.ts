import { eventWithCurrentRefs, refColumnsIn, rotationBench } from '@civic/operations';
import { AuditLogTable1764300000000 } from '@civic/platform';
import { freshSchema, migratedSchema, residentIdNumber } from '@civic/testing';
import { DataSource } from 'typeorm';
import { assistanceRefColumns, assistanceRefRekeying } from './person-ref-rekeying';
import { SOCIAL_ASSISTANCE_MIGRATIONS } from '../social-assistance.migrations';

// Social assistance's re-keying on its real schema (docs/adr/0018-person-ref-rekeying.md): every ref
// column is listed, every listed one moves, consumed events resolve old refs, and a person
// registered under both keys neither fails the batch nor loses a row.
describe('social assistance personRef re-keying', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  let bench: ReturnType<typeof rotationBench>;
  const a = residentIdNumber('19600101', 11);
  const b = residentIdNumber('19610101', 12);

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('sa_rekey', [AuditLogTable1764300000000, ...SOCIAL_ASSISTANCE_MIGRATIONS]));
    bench = rotationBench(ds, assistanceRefRekeying.options);
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  it('lists every personRef column of the schema (bank_batch_ref is a bank reference, not a person)', async () => {
    const listed = assistanceRefColumns.filter((c) => !c.json).map((c) => `${c.table}.${c.column}`);
    expect(await refColumnsIn(ds)).toEqual([...listed, 'payment_run.bank_batch_ref'].sort());
  });

  it('moves every column, keeps the alias, publishes, and settles a person registered under both keys', async () => {
    const household = (id: string, refs: string[]) =>
      ds.query(
        `INSERT INTO household (household_id, town, village, version, snapshot, registered_by) VALUES ($1, '442000100', '442000100001', 1, $2, 'test')`,
        [
          id,
          {
            members: refs.map((personRef) => ({ personRef })),
            incomes: refs.map((personRef) => ({ personRef, amountFen: 100 })),
          },
        ],
      );
    const member = (h: string, ref: string, idNumber: string) =>
      ds.query(
        `INSERT INTO household_member (household_id, person_ref, id_number_encrypted, masked_id, joined_on) VALUES ($1, $2, $3, 'masked', '2026-01-01')`,
        [h, ref, bench.encrypt(idNumber)],
      );
    const death = (ref: string, recordId: string) =>
      ds.query(
        `INSERT INTO person_death (person_ref, record_id, death_date, status, cause_event_id) VALUES ($1, $2, '2026-01-01', 'formal', $2)`,
        [ref, recordId],
      );
    await household('h1', [bench.k1(a), bench.k1(b)]);
    await member('h1', bench.k1(a), a);
    await member('h1', bench.k1(b), b);
    // b registered again after the rotation, in another household, active in both
    await household('h2', [bench.k2(b)]);
    await member('h2', bench.k2(b), b);
    await ds.query(
      `INSERT INTO assistance_case (case_id, household_id, person_ref, programme, town, status, state) VALUES ('c1', 'h1', $1, 'dibao', '442000100', 'approved', '{}')`,
      [bench.k1(a)],
    );
    await death(bench.k1(b), 'old-record');
    await death(bench.k2(b), 'new-record');

    expect(await bench.rekeying.remaining()).toEqual({
      'household_member.person_ref': 2,
      'assistance_case.person_ref': 1,
      'payment.person_ref': 0,
      'person_death.person_ref': 1,
      'household.snapshot': 1,
    });

    const out = await bench.rekeying.rekeyAll('admin-1');

    expect(out.rekeyed).toBe(2);
    expect(out.conflicts).toEqual({ 'household_member.person_ref': 1 });
    // only the marked registration is left under k1
    expect(out.remaining).toEqual({
      'household_member.person_ref': 1,
      'assistance_case.person_ref': 0,
      'payment.person_ref': 0,
      'person_death.person_ref': 0,
      'household.snapshot': 0,
    });
    // mark: b's first registration stays under k1, listed for a caseworker
    expect(await ds.query(`SELECT household_id, person_ref FROM household_member ORDER BY 1, 2`)).toEqual([
      { household_id: 'h1', person_ref: bench.k1(b) },
      { household_id: 'h1', person_ref: bench.k2(a) },
      { household_id: 'h2', person_ref: bench.k2(b) },
    ]);
    expect(await ds.query(`SELECT person_ref FROM assistance_case`)).toEqual([{ person_ref: bench.k2(a) }]);
    // merge: one death, the new-key record
    expect(await ds.query(`SELECT person_ref, record_id FROM person_death`)).toEqual([
      { person_ref: bench.k2(b), record_id: 'new-record' },
    ]);
    const [{ snapshot }] = await ds.query(`SELECT snapshot FROM household WHERE household_id = 'h1'`);
    expect(snapshot.members.map((m: { personRef: string }) => m.personRef)).toEqual([bench.k2(a), bench.k2(b)]);
    expect(snapshot.incomes.map((m: { personRef: string }) => m.personRef)).toEqual([bench.k2(a), bench.k2(b)]);
    const events = await ds.query(`SELECT event_type AS type FROM outbox_message ORDER BY id`);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'assistance.person.ref-rekeyed',
      'assistance.person.ref-rekeyed',
    ]);

    // a second run finds nothing, and does not loop on the marked row
    expect((await bench.rekeying.rekeyAll('admin-1')).rekeyed).toBe(0);

    // a data-hub event published under the old ref reaches the handler under the new one
    const late = await eventWithCurrentRefs(
      { type: 'hub.person.death-recorded', data: { personRef: bench.k1(a), recordId: 'r9' } },
      ds.manager,
    );
    expect(late.data).toEqual({ personRef: bench.k2(a), recordId: 'r9' });
  });
});
