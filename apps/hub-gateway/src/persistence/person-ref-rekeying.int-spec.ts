import { refColumnsIn, rotationBench } from '@civic/operations';
import { AuditLogTable1764300000000 } from '@civic/platform';
import { freshSchema, migratedSchema, residentIdNumber } from '@civic/testing';
import { DataSource } from 'typeorm';
import { RegistryService } from '../dci/registry/registry.service';
import { HubRefFollower, hubRefColumns, hubRefRekeying } from './person-ref-rekeying';
import { HUB_GATEWAY_MIGRATIONS } from '../hub-gateway.migrations';

// The gateway's re-keying on its real schema (docs/adr/0018-person-ref-rekeying.md): every ref column
// is listed, every listed one moves, a person identified under both keys stays one identity and one
// member, look-ups by an old ref find the person, and a department's re-keying moves read-model refs
// of people the gateway holds no number for.
describe('hub gateway personRef re-keying', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  let bench: ReturnType<typeof rotationBench>;
  const a = residentIdNumber('19600101', 21);
  const b = residentIdNumber('19610101', 22);

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('hub_rekey', [AuditLogTable1764300000000, ...HUB_GATEWAY_MIGRATIONS]));
    bench = rotationBench(ds, hubRefRekeying.options);
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  it('lists every personRef column of the schema', async () => {
    expect(await refColumnsIn(ds)).toEqual(hubRefColumns.map((c) => `${c.table}.${c.column}`).sort());
  });

  it('moves every column, keeps the alias, publishes, and merges a person identified under both keys', async () => {
    const identity = (ref: string, idNumber: string) =>
      ds.query(`INSERT INTO person_identity (person_ref, masked_id, encrypted_id) VALUES ($1, 'masked', $2)`, [
        ref,
        bench.encrypt(idNumber),
      ]);
    await identity(bench.k1(a), a);
    await identity(bench.k1(b), b);
    // b identified again after the rotation (a new life event): one number, two rows until re-keyed
    await identity(bench.k2(b), b);
    await ds.query(
      `INSERT INTO hub_record (sender_id, record_id, record_type, person_ref, message_id, payload) VALUES ('crvs', 'r1', 'death', $1, 'm1', '{}')`,
      [bench.k1(a)],
    );
    await ds.query(`INSERT INTO rm_household (household_id, town) VALUES ('h1', '442000100')`);
    // b is a member under both refs (events published before and after the department re-keyed)
    await ds.query(
      `INSERT INTO rm_member (household_id, person_ref, masked_id) VALUES ('h1', $1, 'm'), ('h1', $2, 'm'), ('h1', $3, 'm')`,
      [bench.k1(a), bench.k1(b), bench.k2(b)],
    );
    await ds.query(
      `INSERT INTO rm_enrolment (enrolment_id, department, programme, person_ref, town, status) VALUES ('e1', 'assistance', 'dibao', $1, '442000100', 'active')`,
      [bench.k1(a)],
    );
    await ds.query(
      `INSERT INTO feed_event (event_id, event_type, department, person_ref, occurred_at, data) VALUES ('f1', 'hub.person.death-recorded', 'hub', $1, now(), '{}')`,
      [bench.k1(a)],
    );

    expect(await bench.rekeying.remaining()).toEqual({
      'person_identity.person_ref': 2,
      'hub_record.person_ref': 1,
      'rm_member.person_ref': 2,
      'rm_enrolment.person_ref': 1,
      'feed_event.person_ref': 1,
    });

    const out = await bench.rekeying.rekeyAll('admin-1');

    expect(out.rekeyed).toBe(2);
    expect(out.conflicts).toEqual({});
    expect(Object.values(out.remaining).every((n) => n === 0)).toBe(true);
    // merge: one identity and one membership per person, under the new refs
    expect(await ds.query(`SELECT person_ref FROM person_identity ORDER BY 1`)).toEqual(
      [bench.k2(a), bench.k2(b)].sort().map((person_ref) => ({ person_ref })),
    );
    expect(await ds.query(`SELECT person_ref FROM rm_member ORDER BY 1`)).toEqual(
      [bench.k2(a), bench.k2(b)].sort().map((person_ref) => ({ person_ref })),
    );
    for (const table of ['hub_record', 'rm_enrolment', 'feed_event'])
      expect(await ds.query(`SELECT person_ref FROM ${table}`)).toEqual([{ person_ref: bench.k2(a) }]);
    const events = await ds.query(`SELECT event_type AS type FROM outbox_message ORDER BY id`);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['hub.person.ref-rekeyed', 'hub.person.ref-rekeyed']);
    // a second run finds nothing
    expect((await bench.rekeying.rekeyAll('admin-1')).rekeyed).toBe(0);

    // a look-up by a ref rotated away (GET /persons/:personRef/enrolments) finds the person under the new ref
    const registry = new RegistryService(undefined as never, ds);
    const found = await registry.enrolments({ sub: 'u1', roles: [] } as never, bench.k1(a), ['active'], 10, 0);
    expect(found.items.map((e: { enrolmentId: unknown }) => e.enrolmentId)).toEqual(['e1']);
  });

  it("follows a department's re-keying for a member it holds no number for", async () => {
    const OLD = 'k1:child-old-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const NEW = 'k2:child-new-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    await ds.query(`INSERT INTO rm_member (household_id, person_ref, masked_id) VALUES ('h1', $1, 'm')`, [OLD]);
    const follower = new HubRefFollower() as {
      onRekeyed(event: unknown, ctx: { manager: DataSource['manager'] }): Promise<void>;
    };
    const event = { type: 'child-welfare.person.ref-rekeyed', data: { oldRef: OLD, newRef: NEW, keyId: 'k2' } };
    await ds.transaction((manager) => follower.onRekeyed(event, { manager }));
    expect(await ds.query(`SELECT count(*)::int AS n FROM rm_member WHERE person_ref = $1`, [NEW])).toEqual([{ n: 1 }]);
  });
});
