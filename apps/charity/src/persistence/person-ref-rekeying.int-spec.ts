import { eventWithCurrentRefs, refColumnsIn, rotationBench } from '@civic/operations';
import { AuditLogTable1764300000000 } from '@civic/platform';
import { freshSchema, migratedSchema, residentIdNumber } from '@civic/testing';
import { DataSource } from 'typeorm';
import { charityRefColumns, charityRefRekeying } from './person-ref-rekeying';
import { CHARITY_MIGRATIONS } from '../charity.migrations';

// Charity's re-keying on its real schema (docs/adr/0018-person-ref-rekeying.md): every ref column is
// listed (the append-only ledger excepted), numbers are read from each source table, one event per
// person however many rows they have, and a volunteer registered under both keys is marked.
describe('charity personRef re-keying', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  let bench: ReturnType<typeof rotationBench>;
  const p = residentIdNumber('19700101', 31);
  const r = residentIdNumber('19710101', 32);

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('ch_rekey', [AuditLogTable1764300000000, ...CHARITY_MIGRATIONS]));
    bench = rotationBench(ds, charityRefRekeying.options);
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  it('lists every personRef column of the schema but the append-only ledger', async () => {
    const listed = charityRefColumns.map((c) => `${c.table}.${c.column}`);
    expect(await refColumnsIn(ds)).toEqual([...listed, 'ledger_entry.person_ref'].sort());
  });

  it('re-keys from every source table, once per person, and marks a volunteer registered under both keys', async () => {
    const wish = (id: string, ref: string, idNumber: string) =>
      ds.query(
        `INSERT INTO wish (wish_id, person_ref, masked_id, id_number_encrypted, town, item, value_fen, posted_on, posted_by) VALUES ($1, $2, 'masked', $3, '442000100', 'desk', 5000, '2026-01-01', 'test')`,
        [id, ref, bench.encrypt(idNumber)],
      );
    const volunteer = (id: string, ref: string, idNumber: string) =>
      ds.query(
        `INSERT INTO volunteer (volunteer_id, person_ref, masked_id, id_number_encrypted, town, registered_on) VALUES ($1, $2, 'masked', $3, '442000100', '2026-01-01')`,
        [id, ref, bench.encrypt(idNumber)],
      );
    await wish('w1', bench.k1(p), p);
    await wish('w2', bench.k1(p), p);
    await volunteer('v1', bench.k1(p), p);
    await volunteer('v2', bench.k2(p), p);
    await volunteer('v3', bench.k1(r), r);
    await ds.query(
      `INSERT INTO referral (referral_id, source, person_ref, town, help_centre, summary, received_on) VALUES ('f1', 'staff', $1, '442000100', 'education', 'test', '2026-01-01')`,
      [bench.k1(r)],
    );

    const out = await bench.rekeying.rekeyAll('admin-1');

    expect(out.rekeyed).toBe(2);
    expect(out.conflicts).toEqual({ 'volunteer.person_ref': 1 });
    expect(Object.entries(out.remaining).filter(([, n]) => n > 0)).toEqual([['volunteer.person_ref', 1]]);
    expect(await ds.query(`SELECT wish_id, person_ref FROM wish ORDER BY 1`)).toEqual([
      { wish_id: 'w1', person_ref: bench.k2(p) },
      { wish_id: 'w2', person_ref: bench.k2(p) },
    ]);
    expect(await ds.query(`SELECT volunteer_id, person_ref FROM volunteer ORDER BY 1`)).toEqual([
      { volunteer_id: 'v1', person_ref: bench.k1(p) },
      { volunteer_id: 'v2', person_ref: bench.k2(p) },
      { volunteer_id: 'v3', person_ref: bench.k2(r) },
    ]);
    expect(await ds.query(`SELECT person_ref FROM referral`)).toEqual([{ person_ref: bench.k2(r) }]);
    const events: { payload: string }[] = await ds.query(`SELECT payload FROM outbox_message ORDER BY id`);
    expect(events.map((e) => JSON.parse(e.payload).data.oldRef).sort()).toEqual([bench.k1(p), bench.k1(r)].sort());
    expect((await bench.rekeying.rekeyAll('admin-1')).rekeyed).toBe(0);

    const late = await eventWithCurrentRefs(
      { type: 'hub.person.death-recorded', data: { personRef: bench.k1(p), recordId: 'r9' } },
      ds.manager,
    );
    expect(late.data).toEqual({ personRef: bench.k2(p), recordId: 'r9' });
  });
});
