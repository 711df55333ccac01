import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { containsIdNumber } from '@civic/identity';
import { messagingEntities, Outbox } from '@civic/messaging';
import { AuditLog, AuditLogEntry, AuditLogTable1764300000000 } from '@civic/platform';
import { freshSchema } from '@civic/testing';
import { DataSource } from 'typeorm';
import { HubGatewayConfig } from '../hub-gateway.config';
import { PersonIdentityService } from '../identity/person-identity.service';
import { LifeEventsService } from '../life-events/life-events.service';
import { SendersService } from '../senders/senders.service';
import { BulkImportService } from './bulk-import.service';
import { HUB_GATEWAY_MIGRATIONS } from '../hub-gateway.migrations';

jest.setTimeout(120_000);

// The import validates and encrypts chunk k+1 while chunk k's transaction runs (bulk-import.service.ts);
// these pin what that must not change, with chunks of 2 rows so every guarantee crosses chunk borders.

const COLUMNS = 'record_id,record_type,id_number,billDate,totalFen,insurancePaidFen,selfPaidFen,inpatient';

function residentId(i: number): string {
  const first17 = `44200019${String(50 + (i % 40)).padStart(2, '0')}0101${String(i % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return first17 + '10X98765432'[[...first17].reduce((s, c, k) => s + Number(c) * w[k], 0) % 11];
}
const bill = (recordId: string, id: string, date = '2024-05-01', total = '1000') =>
  `${recordId},hospital-bill,${id},${date},${total},600,400,true`;
const ids = Array.from({ length: 8 }, (_, i) => residentId(i + 1));
const badChecksum = ids[7].slice(0, 17) + (ids[7][17] === '0' ? '1' : '0');

// line numbers count the header as line 1
const FILE = [
  COLUMNS,
  bill('b-1', ids[0]), // 2
  bill('b-2', ids[1], '2024-02-30'), // 3: no such date
  bill('b-3', ids[2]), // 4
  bill('b-4', badChecksum), // 5: ID checksum
  bill('b-5', ids[3]), // 6
  bill('b-1', ids[4]), // 7: b-1 again, in a later chunk: a duplicate
  bill('b-6', ids[5], '2024-05-02', ids[6]), // 8: an ID number where an amount belongs
  bill('b-7', ids[6]), // 9
  bill('b-8', ids[7], '2024-05-03'), // 10
].join('\n');

describe('hub bulk import: chunks prepared while the previous one commits', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  let importer: BulkImportService;
  let identities: PersonIdentityService;
  const rows = async (sql: string, params: unknown[] = []) => ds.query(sql, params);
  const count = async (sql: string) => Number((await rows(sql))[0].n);
  const run = (csv: string) => importer.run(Readable.from([Buffer.from(csv)]), 'sender-1', { chunkSize: 2 });

  beforeAll(async () => {
    schema = await freshSchema('hub_bulk');
    ds = new DataSource({
      type: 'postgres',
      url: schema.url,
      entities: [AuditLogEntry, ...messagingEntities],
      migrations: [AuditLogTable1764300000000, ...HUB_GATEWAY_MIGRATIONS],
      poolSize: 4,
    });
    await ds.initialize();
    await ds.runMigrations();
    const config = Object.assign(new HubGatewayConfig(), {
      PERSON_REF_KEYS: { current: 't1', keys: { t1: `hex:${randomBytes(32).toString('hex')}` } },
      ID_ENCRYPTION_KEYS: { current: 't1', keys: { t1: `hex:${randomBytes(32).toString('hex')}` } },
    });
    identities = new PersonIdentityService(config, new AuditLog());
    importer = new BulkImportService(
      ds,
      new LifeEventsService(identities, new Outbox()),
      identities,
      new SendersService(),
      config,
    );
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });
  beforeEach(async () => {
    await ds.query(`DROP TRIGGER IF EXISTS fail_on_boom ON hub_record`);
    await ds.query(
      `TRUNCATE hub_record, person_identity, outbox_message, outbox_pending, bulk_import_error, bulk_import`,
    );
  });

  it('reports every bad row with its line, field and rule, and writes one outbox event per stored row in file order', async () => {
    const p = await run(FILE);
    expect(p).toMatchObject({ status: 'finished', rowsRead: 9, rowsAccepted: 5, rowsDuplicate: 1, rowsRejected: 3 });
    const errors = await rows(`SELECT line, record_id, field, rule FROM bulk_import_error ORDER BY line, field`);
    expect(errors.map((e: Record<string, unknown>) => `${e.line}:${e.record_id}:${e.field}:${e.rule}`)).toEqual([
      '3:b-2:data.billDate:isCalendarDate',
      '5:b-4:idNumber:resident-id.checksum',
      '8:b-6:data.totalFen:noRawIdNumber',
      '8:b-6:data.totalFen:isInt',
      '8:b-6:data.totalFen:min',
      '8:b-6:data.totalFen:max',
    ]);
    expect(await rows(`SELECT * FROM bulk_import WHERE id = $1`, [p.id])).toMatchObject([
      { status: 'finished', rows_read: '9', rows_accepted: '5', rows_duplicate: '1', rows_rejected: '3' },
    ]);
    // the first b-1 (line 2) won; every stored record has its event, and the outbox keeps file order
    const stored = await rows(
      `SELECT r.record_id, r.person_ref = (o.payload::jsonb -> 'data' ->> 'personRef') AS same_person
       FROM outbox_message o JOIN hub_record r ON r.event_id = o.event_id ORDER BY o.id`,
    );
    expect(stored.map((s: { record_id: string }) => s.record_id)).toEqual(['b-1', 'b-3', 'b-5', 'b-7', 'b-8']);
    expect(stored.every((s: { same_person: boolean }) => s.same_person)).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM outbox_message`)).toBe(5);
    // the duplicate b-1 of line 7 is a valid row: its person is kept too, as before the pipelining
    expect(await count(`SELECT count(*) AS n FROM person_identity`)).toBe(6);
  });

  it('changes nothing when the same file is imported again', async () => {
    await run(FILE);
    const snapshot = async () =>
      rows(
        `SELECT (SELECT json_agg(r ORDER BY record_id) FROM (SELECT record_id, person_ref, event_id, payload, message_id FROM hub_record) r) AS records,
                (SELECT json_agg(o ORDER BY id) FROM (SELECT id, event_id, payload FROM outbox_message) o) AS events,
                (SELECT json_agg(i ORDER BY person_ref) FROM (SELECT person_ref, encrypted_id FROM person_identity) i) AS identities`,
      );
    const before = await snapshot();
    const again = await run(FILE);
    expect(again).toMatchObject({
      status: 'finished',
      rowsRead: 9,
      rowsAccepted: 0,
      rowsDuplicate: 6,
      rowsRejected: 3,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('names no resident ID number in the error report or the failure, whatever the row held', async () => {
    const leaky = [
      FILE,
      bill('b-9', ids[0], ids[1]), // 11: an ID number as the date
      `b-10,hospital-bill,${badChecksum.slice(0, 16)},2024-05-01,1,1,0,true`, // 12: a cut ID number
    ].join('\n');
    const p = await run(leaky);
    expect(p).toMatchObject({ status: 'finished', rowsRejected: 5 });
    const report = await rows(`SELECT line, record_id, field, rule, message FROM bulk_import_error ORDER BY line`);
    expect([...new Set(report.map((e: { line: string }) => Number(e.line)))]).toEqual([3, 5, 8, 11, 12]);
    expect(containsIdNumber(JSON.stringify(report))).toBe(false);

    // a file that cannot be parsed fails at the line, without the cell that broke it
    const broken = await run(
      `${COLUMNS}\n${bill('b-1', ids[0])}\nb-11,hospital-bill,"${ids[2]}"x,2024-05-01,1,1,0,true\n`,
    );
    expect(broken).toMatchObject({ status: 'failed', error: 'CSV line 3: text after a closing quote' });
    const [stored] = await rows(`SELECT error FROM bulk_import WHERE id = $1`, [broken.id]);
    expect(containsIdNumber(JSON.stringify([broken, stored]))).toBe(false);
  });

  it('stops at a chunk whose transaction fails: chunks before it stay committed and counted, none after it is written', async () => {
    // a real PostgreSQL failure inside the third chunk's transaction (rows on lines 6 and 7)
    await ds.query(`CREATE OR REPLACE FUNCTION fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.record_id = 'b-5' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$`);
    await ds.query(
      `CREATE TRIGGER fail_on_boom BEFORE INSERT ON hub_record FOR EACH ROW EXECUTE FUNCTION fail_on_boom()`,
    );
    const p = await run(FILE);
    expect(p).toMatchObject({ status: 'failed', error: 'boom', rowsRead: 4, rowsAccepted: 2, rowsRejected: 2 });
    expect(
      (await rows(`SELECT record_id FROM hub_record ORDER BY record_id`)).map(
        (r: { record_id: string }) => r.record_id,
      ),
    ).toEqual(['b-1', 'b-3']);
    expect(await count(`SELECT count(*) AS n FROM outbox_message`)).toBe(2);
    expect(await rows(`SELECT status, rows_read, rows_accepted FROM bulk_import WHERE id = $1`, [p.id])).toEqual([
      { status: 'failed', rows_read: '4', rows_accepted: '2' },
    ]);
  });

  it('keeps the people of stored births only (parents too), each once, and the events name them by their personRefs', async () => {
    const ref = (i: number) => identities.identify(ids[i]).personRef;
    const births = [
      'record_id,record_type,id_number,birthDate,sex,town,motherIdNumber,fatherIdNumber',
      `n-1,birth,${ids[0]},2024-03-02,female,442000100,${ids[5]},${ids[6]}`, // 2
      `n-2,birth,${ids[1]},2024-03-03,male,442000100,${ids[5]},`, // 3: the same mother in the same chunk
      `n-3,birth,${ids[2]},2024-02-30,male,442000100,${ids[7]},`, // 4: no such date: neither it nor its mother is kept
      `n-4,birth,${ids[5]},2024-03-04,female,442000100,,`, // 5: the mother as a record's own person
    ].join('\n');
    const p = await run(births);
    expect(p).toMatchObject({ status: 'finished', rowsRead: 4, rowsAccepted: 3, rowsRejected: 1 });
    const kept = await rows(`SELECT person_ref, encrypted_id FROM person_identity ORDER BY person_ref`);
    expect(kept.map((k: { person_ref: string }) => k.person_ref)).toEqual([ref(0), ref(1), ref(5), ref(6)].sort());
    expect(containsIdNumber(JSON.stringify(kept))).toBe(false);
    const events = await rows(`SELECT payload::jsonb -> 'data' AS data FROM outbox_message ORDER BY id`);
    expect(events.map((e: { data: Record<string, unknown> }) => e.data)).toEqual([
      expect.objectContaining({ recordId: 'n-1', personRef: ref(0), motherPersonRef: ref(5), fatherPersonRef: ref(6) }),
      expect.objectContaining({ recordId: 'n-2', personRef: ref(1), motherPersonRef: ref(5) }),
      expect.objectContaining({ recordId: 'n-4', personRef: ref(5) }),
    ]);
    expect(events[1].data).not.toHaveProperty('fatherPersonRef');
  });
});
