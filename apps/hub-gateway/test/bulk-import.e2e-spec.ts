import { waitFor, withClient } from '@civic/testing';
import { HubGatewayConfig } from '../src/hub-gateway.config';
import { HubTestKit, residentId, startHubGateway, TestSender } from './hub-test-kit';

describe('hub gateway: bulk CSV import', () => {
  let kit: HubTestKit;
  let hub: TestSender;
  const upload = async (csv: string, bearer = hub.bearer, headers: Record<string, string> = {}) => {
    const res = await fetch(`${kit.url}/api/v1/bulk-imports`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${bearer}`, ...headers },
      body: csv,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const get = async (path: string) => {
    const res = await fetch(`${kit.url}/api/v1${path}`, { headers: { authorization: `Bearer ${hub.bearer}` } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const count = (sql: string) => withClient(kit.schemaUrl, async (c) => Number((await c.query(sql)).rows[0].n));

  beforeAll(async () => {
    kit = await startHubGateway('hubbulk', { BULK_CHUNK_ROWS: '2', BULK_BODY_LIMIT_BYTES: '4096' });
    hub = await kit.sender('zs-data-hub');
  });
  afterAll(() => kit?.close());

  const good = [residentId(501), residentId(502), residentId(503)];
  const COLUMNS = [
    'record_id',
    'record_type',
    'id_number',
    'billDate',
    'totalFen',
    'insurancePaidFen',
    'selfPaidFen',
    'inpatient',
    'level',
    'category',
    'certifiedOn',
    'school',
    'enrolledOn',
    'deathDate',
    'status',
    'revokesRecordId',
  ];
  const line = (cells: Record<string, string>) => COLUMNS.map((c) => cells[c] ?? '').join(',');
  const bill = (record_id: string, id_number: string, billDate: string, totalFen = '100', selfPaidFen = '100') =>
    line({
      record_id,
      record_type: 'hospital-bill',
      id_number,
      billDate,
      totalFen,
      insurancePaidFen: '0',
      selfPaidFen,
      inpatient: 'false',
    });
  const csv = [
    COLUMNS.join(','),
    bill('b-1', good[0], '2024-05-15', '12800000', '4500000'),
    bill('b-2', good[1], '2024-02-30'),
    bill('b-3', '44200019700101000Y', '2024-05-15'),
    line({
      record_id: 'd-1',
      record_type: 'disability-certification',
      id_number: good[1],
      level: '2',
      category: 'physical',
      certifiedOn: '2024-04-10',
    }),
    line({
      record_id: 's-1',
      record_type: 'school-enrolment',
      id_number: good[2],
      level: 'high',
      school: '"Zhongshan No. 1 Middle School, ""East"" campus"',
      enrolledOn: '2024-09-01',
    }),
    line({
      record_id: 'x-1',
      record_type: 'death',
      id_number: good[2],
      deathDate: '2024-06-28',
      status: 'revoked',
      revokesRecordId: 'b-1',
    }),
    bill('b-1', good[0], '2024-05-16'),
    bill('b-4', good[0], '2024-05-17', '1.5'),
  ].join('\r\n');

  it('loads the good rows in chunks and reports every bad row with its line, field and rule', async () => {
    const importId = '6f1c2c8e-4c52-4c3e-9d0e-2f3b1d5c7a10';
    const res = await upload(csv, hub.bearer, { 'x-import-id': importId });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: importId,
      status: 'finished',
      rowsRead: 8,
      rowsAccepted: 3,
      rowsDuplicate: 1,
      rowsRejected: 4,
    });
    expect(await count(`SELECT count(*) AS n FROM hub_record`)).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM outbox_message WHERE topic = 'hub.life-event'`)).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM person_identity`)).toBe(3);
    const school = await withClient(
      kit.schemaUrl,
      async (c) => (await c.query(`SELECT payload FROM hub_record WHERE record_id = 's-1'`)).rows[0].payload,
    );
    expect(school.school).toBe('Zhongshan No. 1 Middle School, "East" campus');

    const progress = await get(`/bulk-imports/${importId}`);
    expect(progress.body).toMatchObject({ status: 'finished', rowsRead: 8 });
    const report = await get(`/bulk-imports/${importId}/errors`);
    const lines = report.body.items.map((e: any) => `${e.line}:${e.recordId ?? ''}:${e.field}:${e.rule}`);
    // the whole report, every rule of every bad row (class-validator's, whichever validator ran)
    expect(lines).toEqual([
      '3:b-2:data.billDate:isCalendarDate',
      '4:b-3:idNumber:resident-id.format',
      '7:x-1:data.status:notInBulk',
      '9:b-4:data.totalFen:isInt',
      '9:b-4:data.totalFen:min',
      '9:b-4:data.totalFen:max',
    ]);
    expect(report.body.items.find((e: any) => e.line === 3).message).toBe(
      'data.billDate must be a real calendar date from 1900-01-01 to 2100-12-31',
    );
    expect(JSON.stringify(report.body)).not.toContain(good[0]);
  });

  it('keeps raw ID numbers only encrypted, and lets the first row of a record id twice in one chunk win', async () => {
    const twice = [
      COLUMNS.join(','),
      bill('t-1', good[1], '2024-07-01', '700'),
      bill('t-1', good[2], '2024-07-02', '800'),
    ].join('\n');
    expect((await upload(twice)).body).toMatchObject({
      status: 'finished',
      rowsRead: 2,
      rowsAccepted: 1,
      rowsDuplicate: 1,
      rowsRejected: 0,
    });
    const stored = await withClient(
      kit.schemaUrl,
      async (c) => (await c.query(`SELECT payload, event_id FROM hub_record WHERE record_id = 't-1'`)).rows,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0].payload).toMatchObject({ billDate: '2024-07-01', totalFen: 700 });
    const events = await withClient(
      kit.schemaUrl,
      async (c) => (await c.query(`SELECT event_id, payload FROM outbox_message WHERE payload LIKE '%"t-1"%'`)).rows,
    );
    expect(events.map((e) => [e.event_id, JSON.parse(e.payload).data.billDate])).toEqual([
      [stored[0].event_id, '2024-07-01'],
    ]);

    const dump = await withClient(kit.schemaUrl, async (c) =>
      JSON.stringify(
        (
          await c.query(
            `SELECT (SELECT json_agg(h) FROM hub_record h) AS r, (SELECT json_agg(o) FROM outbox_message o) AS o, (SELECT json_agg(i) FROM person_identity i) AS i`,
          )
        ).rows,
      ),
    );
    for (const raw of good) expect(dump).not.toContain(raw);
    expect(await count(`SELECT count(*) AS n FROM person_identity WHERE encrypted_id LIKE 't1:%'`)).toBe(
      await count(`SELECT count(*) AS n FROM person_identity`),
    );
  });

  it('a re-run of the same file adds nothing', async () => {
    const tables = ['outbox_message', 'hub_record', 'person_identity'];
    const before = await Promise.all(tables.map((t) => count(`SELECT count(*) AS n FROM ${t}`)));
    const res = await upload(csv);
    expect(res.body).toMatchObject({ status: 'finished', rowsAccepted: 0, rowsDuplicate: 4, rowsRejected: 4 });
    expect(await Promise.all(tables.map((t) => count(`SELECT count(*) AS n FROM ${t}`)))).toEqual(before);
  });

  it('with Prefer: respond-async answers with the import id at once and reads the rows in the background', async () => {
    const rows = [COLUMNS.join(','), ...good.map((id, i) => bill(`async-${i}`, id, '2024-08-01', '300'))].join('\n');
    const res = await fetch(`${kit.url}/api/v1/bulk-imports`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${hub.bearer}`, prefer: 'respond-async' },
      body: rows,
    });
    expect(res.status).toBe(202);
    const started = (await res.json()) as { id: string; status: string };
    expect(started).toMatchObject({ status: 'running', rowsRead: 0 });
    expect(res.headers.get('location')).toBe(`/api/v1/bulk-imports/${started.id}`);
    expect(res.headers.get('preference-applied')).toBe('respond-async');
    const done = await waitFor(
      'async import finished',
      async () => {
        const p = await get(`/bulk-imports/${started.id}`);
        return p.body.status === 'finished' ? p.body : undefined;
      },
      30_000,
    );
    expect(done).toMatchObject({ rowsRead: good.length, rowsAccepted: good.length, rowsRejected: 0 });
    expect(await count(`SELECT count(*) AS n FROM hub_record WHERE record_id LIKE 'async-%'`)).toBe(good.length);

    const tooBig = await fetch(`${kit.url}/api/v1/bulk-imports`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${hub.bearer}`, prefer: 'respond-async' },
      body: `${rows}\n${'z,'.repeat(3000)}`,
    });
    expect(tooBig.status).toBe(413);
    expect(await count(`SELECT count(*) AS n FROM bulk_import WHERE status = 'running'`)).toBe(0);
  });

  it('has a default upload limit far below the 2 GiB it once had', () => {
    expect(new HubGatewayConfig().BULK_BODY_LIMIT_BYTES).toBeLessThanOrEqual(256 * 1024 * 1024);
  });

  it('answers 4xx to a wrong content type, an unregistered sender, a bad header row and an oversize file', async () => {
    const json = await fetch(`${kit.url}/api/v1/bulk-imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.bearer}` },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect((await upload(csv, await kit.token('stranger', ['hub:hub-integration']))).status).toBe(403);
    const badHeader = await upload('recordid,type\n1,2\n');
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.detail).toContain('record_id');
    const big = await upload(`${csv}\n${'z,'.repeat(3000)}`);
    expect(big.status).toBe(413);
  });
});
