import { eventWithCurrentRefs, refColumnsIn, rekeyedEventTypes } from '@civic/operations';
import { AuditLogTable1764300000000 } from '@civic/platform';
import { freshSchema, migratedSchema } from '@civic/testing';
import { DataSource } from 'typeorm';
import { GovernanceRefFollower, governanceRefColumns } from './person-ref-following';
import { GOVERNANCE_MIGRATIONS } from '../governance.migrations';

// Governance holds refs, never numbers: it follows the departments' re-keying events
// (docs/adr/0018-person-ref-rekeying.md). Every ref column is listed, a followed event moves them, a
// death recorded under both refs merges, and a late event under the old ref resolves.
describe('governance following personRef re-keying', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  const OLD = 'k1:old-ref-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
  const NEW = 'k2:new-ref-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('gov_rekey', [AuditLogTable1764300000000, ...GOVERNANCE_MIGRATIONS]));
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  it('lists every personRef column of the schema (source_ref and request_ref name department records, not people)', async () => {
    const listed = governanceRefColumns.map((c) => `${c.table}.${c.column}`);
    expect(await refColumnsIn(ds)).toEqual(
      [...listed, 'person_in_hardship.source_ref', 'visit_task.request_ref'].sort(),
    );
  });

  it("follows every department's re-keying event, merging a death recorded under both refs", async () => {
    expect(rekeyedEventTypes()).toEqual([
      'assistance.person.ref-rekeyed',
      'charity.person.ref-rekeyed',
      'child-welfare.person.ref-rekeyed',
      'eldercare.person.ref-rekeyed',
      'hub.person.ref-rekeyed',
    ]);
    await ds.query(
      `INSERT INTO person_in_hardship (person_ref, source, source_ref, town, since) VALUES ($1, 'assistance', 'c1', '442000100', '2026-01-01')`,
      [OLD],
    );
    await ds.query(
      `INSERT INTO person_death (person_ref, record_id, death_date) VALUES ($1, 'old-record', '2026-01-01'), ($2, 'new-record', '2026-01-01')`,
      [OLD, NEW],
    );
    const follower = new GovernanceRefFollower() as {
      onRekeyed(event: unknown, ctx: { manager: DataSource['manager'] }): Promise<void>;
    };
    const event = { type: 'child-welfare.person.ref-rekeyed', data: { oldRef: OLD, newRef: NEW, keyId: 'k2' } };
    await ds.transaction((manager) => follower.onRekeyed(event, { manager }));
    // a second department's event for the same person finds nothing left
    await ds.transaction((manager) =>
      follower.onRekeyed({ ...event, type: 'eldercare.person.ref-rekeyed' }, { manager }),
    );

    expect(await ds.query(`SELECT person_ref FROM person_in_hardship`)).toEqual([{ person_ref: NEW }]);
    expect(await ds.query(`SELECT person_ref, record_id FROM person_death`)).toEqual([
      { person_ref: NEW, record_id: 'new-record' },
    ]);
    const late = await eventWithCurrentRefs(
      { type: 'eldercare.visit.overdue', data: { personRef: OLD, town: '442000100' } },
      ds.manager,
    );
    expect(late.data).toEqual({ personRef: NEW, town: '442000100' });
  });
});
