import { EventEnvelope } from '@civic/contracts';
import { awaitEvent, residentIdNumber, TEST_TOWN, withClient } from '@civic/testing';
import { randomInt } from 'node:crypto';
import { CharityApp, startCharityApp } from './charity-app.fixture';

jest.setTimeout(180_000);

const TOWN = TEST_TOWN;
const rice = { item: 'rice', unit: 'bag of 10 kg' };
const oil = { item: 'cooking oil', unit: 'bottle of 5 l' };

// Goods (物资) donated by item are given out in kind, never more than the project holds, and shown
// on the public ledger without the people who received them.
describe('charity goods: donated by item, given out in kind', () => {
  let c: CharityApp;
  let clerk: string;
  let approver: string;
  let disburser: string;

  const ok = async (method: 'GET' | 'POST', url: string, token: string | undefined, body?: unknown) => {
    const res = await c.call(method, url, token, body);
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${res.raw}`);
    return res.body;
  };
  const sql = (text: string, params: unknown[] = []) =>
    withClient(c.schema.url, async (cl) => (await cl.query(text, params)).rows);

  const project = async () => {
    const o = await ok('POST', '/api/v1/organisations', clerk, {
      name: 'Red Heart Charity Federation',
      creditCode: `53442000MJL${String(randomInt(0, 10_000_000)).padStart(7, '0')}`,
      town: TOWN,
      registeredOn: '2021-03-15',
    });
    await ok('POST', `/api/v1/organisations/${o.organisationId}/fundraising-qualification`, approver, {
      validFrom: '2021-01-01',
      validUntil: '2099-12-31',
    });
    return (
      await ok('POST', '/api/v1/projects', clerk, {
        organisationId: o.organisationId,
        title: 'Winter goods for hardship families',
        kind: 'general',
        town: TOWN,
        beneficiaryCriteria: 'Hardship families',
        targetFen: 50_000_000,
        publicFundraising: true,
      })
    ).projectId as string;
  };
  const donateGoods = (projectId: string, body: Record<string, unknown>) =>
    c.call('POST', `/api/v1/projects/${projectId}/donations`, clerk, {
      form: 'goods',
      donorKind: 'company',
      donorPublicName: 'Shiqi Grain Ltd',
      goodsDescription: 'Rice and oil',
      ...body,
    });
  const giveOut = (projectId: string, items: unknown, idNumber = residentIdNumber('1979-05-06', 31)) =>
    c.call('POST', `/api/v1/projects/${projectId}/goods-disbursements`, disburser, { items, idNumber, town: TOWN });
  /** The stock as the trigger posts it, and as the entries' lines sum it up, per item. */
  const stockOf = async (projectId: string) => ({
    stock: await sql(
      `SELECT item, quantity::int, value_fen::int FROM goods_stock WHERE project_id = $1 ORDER BY item`,
      [projectId],
    ),
    fromLines: await sql(
      `SELECT l.item, sum(CASE WHEN e.debit_account = 'goods' THEN l.quantity ELSE -l.quantity END)::int AS quantity,
              sum(CASE WHEN e.debit_account = 'goods' THEN l.value_fen ELSE -l.value_fen END)::int AS value_fen
       FROM ledger_goods_line l JOIN ledger_entry e USING (entry_id) WHERE e.project_id = $1 GROUP BY l.item ORDER BY l.item`,
      [projectId],
    ),
    goodsAccount: Number(
      (
        await sql(
          `SELECT COALESCE(sum(CASE WHEN debit_account = 'goods' THEN amount_fen WHEN credit_account = 'goods' THEN -amount_fen ELSE 0 END), 0) AS v FROM ledger_entry WHERE project_id = $1`,
          [projectId],
        )
      )[0].v,
    ),
  });

  beforeAll(async () => {
    c = await startCharityApp('charity_goods', { PUBLIC_LEDGER_RATE_PER_MINUTE: '100' });
    [clerk, approver, disburser] = await Promise.all([
      c.token('clerk-1', ['charity:clerk']),
      c.token('approver-1', ['charity:approver']),
      c.token('disburser-1', ['charity:disburser']),
    ]);
  });
  afterAll(async () => c?.close());

  it('refuses goods donations whose items do not add up, naming the field and the rule; stores nothing', async () => {
    const p = await project();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ amountFen: 50_000 }, 'items', 'isArray'],
      [{ amountFen: 50_000, items: [{ ...rice, quantity: 20, valueFen: 40_000 }] }, 'amountFen', 'sum-of-items'],
      [{ amountFen: 10, items: [{ ...rice, quantity: 20, valueFen: 10 }] }, 'items[0].valueFen', 'fen-per-unit'],
      [{ amountFen: 40_000, items: [{ ...rice, quantity: 2.5, valueFen: 40_000 }] }, 'items[0].quantity', 'isInt'],
      [{ amountFen: 40_000, items: [{ ...rice, quantity: 0, valueFen: 40_000 }] }, 'items[0].quantity', 'min'],
      [
        {
          amountFen: 40_000,
          items: [
            { ...rice, quantity: 10, valueFen: 20_000 },
            { ...rice, quantity: 10, valueFen: 20_000 },
          ],
        },
        'items[1]',
        'unique-item',
      ],
      [
        { form: 'money', amountFen: 40_000, items: [{ ...rice, quantity: 20, valueFen: 40_000 }] },
        'items',
        'goods-only',
      ],
    ];
    for (const [body, field, rule] of cases) {
      const res = await donateGoods(p, body);
      expect([res.status, res.body.errors?.map((e: { field: string; rule: string }) => [e.field, e.rule])]).toEqual([
        400,
        expect.arrayContaining([[field, rule]]),
      ]);
    }
    expect(await sql(`SELECT 1 FROM ledger_entry WHERE project_id = $1`, [p])).toEqual([]);
    expect(await sql(`SELECT 1 FROM outbox_message WHERE payload LIKE $1`, [`%${p}%`])).toHaveLength(1); // launched only
  });

  it('lets concurrent goods disbursements give out each item only as far as it is held', async () => {
    const p = await project();
    const donation = await donateGoods(p, {
      amountFen: 55_000,
      items: [
        { ...rice, quantity: 20, valueFen: 40_000 },
        { ...oil, quantity: 10, valueFen: 15_000 },
      ],
    });
    expect(donation.status).toBe(201);
    expect(donation.body).toMatchObject({ debit: 'goods', credit: 'donations', amountFen: 55_000, form: 'goods' });

    // 8 × 3 bags asked of 20: six are given, two refused; oil is untouched
    const results = await Promise.all(Array.from({ length: 8 }, () => giveOut(p, [{ ...rice, quantity: 3 }])));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 201, 201, 409, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'items[0].quantity', rule: 'within-stock' }),
    ]);
    expect(refused.body.inStock).toBeLessThan(3);
    const after = await stockOf(p);
    expect(after.stock).toEqual([
      { item: 'cooking oil', quantity: 10, value_fen: 15_000 },
      { item: 'rice', quantity: 2, value_fen: 4_000 },
    ]);
    expect(after.fromLines).toEqual(after.stock);
    expect(after.goodsAccount).toBe(19_000);

    // an item never donated, or more than is left
    const unknown = await giveOut(p, [{ item: 'blanket', unit: 'piece', quantity: 1 }]);
    expect([unknown.status, unknown.body.errors[0]]).toEqual([
      409,
      expect.objectContaining({ field: 'items[0].quantity', rule: 'within-stock' }),
    ]);
    const tooMuch = await giveOut(p, [
      { ...oil, quantity: 1 },
      { ...rice, quantity: 3 },
    ]);
    expect([tooMuch.status, tooMuch.body.errors[0].field]).toEqual([409, 'items[1].quantity']);
    expect((await stockOf(p)).stock).toEqual(after.stock);

    // the rest of the rice and some oil in one give-out, valued at their share of the stock
    const last = await giveOut(p, [
      { ...rice, quantity: 2 },
      { ...oil, quantity: 3 },
    ]);
    expect(last.status).toBe(201);
    expect(last.body).toMatchObject({ debit: 'aid', credit: 'goods', amountFen: 4_000 + 4_500, form: 'goods' });
    const aid = await awaitEvent(
      c.topics.topic('charity.project'),
      (r) =>
        (r.json as EventEnvelope)?.type === 'charity.project.aid-disbursed' &&
        (r.json as EventEnvelope<{ ledgerEntryId: string }>).data.ledgerEntryId === last.body.entryId,
      60_000,
    );
    expect(aid.json).toMatchObject({ data: { amountFen: 8_500, personRef: last.body.personRef, town: TOWN } });
    expect((await stockOf(p)).stock).toEqual([
      { item: 'cooking oil', quantity: 7, value_fen: 10_500 },
      { item: 'rice', quantity: 0, value_fen: 0 },
    ]);
  });

  it('corrects goods only by reversing entries: a give-out returns to the stock; a gift already given out cannot be withdrawn', async () => {
    const p = await project();
    const gift = await donateGoods(p, { amountFen: 3_000, items: [{ ...rice, quantity: 3, valueFen: 3_000 }] });
    const out = await giveOut(p, [{ ...rice, quantity: 2 }]);
    expect(out.status).toBe(201);
    const withdraw = await c.call('POST', `/api/v1/projects/${p}/ledger/${gift.body.entryId}/reversal`, approver, {
      reason: 'donor took the goods back',
    });
    expect([withdraw.status, withdraw.body.errors?.[0]]).toEqual([
      409,
      expect.objectContaining({ field: 'entryId', rule: 'within-stock' }),
    ]);
    const back = await c.call('POST', `/api/v1/projects/${p}/ledger/${out.body.entryId}/reversal`, approver, {
      reason: 'delivered to the wrong family',
    });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ kind: 'reversal', debit: 'goods', credit: 'aid', amountFen: 2_000 });
    expect((await stockOf(p)).stock).toEqual([{ item: 'rice', quantity: 3, value_fen: 3_000 }]);

    for (const statement of [
      `UPDATE ledger_goods_line SET quantity = 99 WHERE entry_id = '${gift.body.entryId}'`,
      `DELETE FROM ledger_goods_line WHERE entry_id = '${gift.body.entryId}'`,
    ])
      await expect(sql(statement)).rejects.toThrow(/never changed or deleted/);
    // the database refuses a give-out beyond the stock even if a path skipped the service's check
    const raw = `led-raw-${randomInt(1e9)}`;
    await expect(
      sql(
        `BEGIN;
         INSERT INTO ledger_entry (entry_id, project_id, kind, debit_account, credit_account, amount_fen, booked_on, booked_at, booked_by)
           VALUES ('${raw}', '${p}', 'disbursement', 'aid', 'goods', 4000, current_date, now(), 'sql');
         INSERT INTO ledger_goods_line VALUES ('${raw}', 'rice', 'bag of 10 kg', 4, 4000);
         COMMIT;`,
      ),
    ).rejects.toThrow(/goods_stock_quantity_check|goods_stock_value_fen_check/);
    expect((await stockOf(p)).stock).toEqual([{ item: 'rice', quantity: 3, value_fen: 3_000 }]);
  });

  it('shows goods by item on the public ledger, without who received them', async () => {
    const p = await project();
    const idNumber = residentIdNumber('1968-02-03', 57);
    await donateGoods(p, { amountFen: 40_000, items: [{ ...rice, quantity: 20, valueFen: 40_000 }] });
    const out = await giveOut(p, [{ ...rice, quantity: 5 }], idNumber);
    expect(out.status).toBe(201);
    const summary = await c.call('GET', `/api/v1/public/projects/${p}`, undefined, undefined, '10.0.1.1');
    const ledger = await c.call('GET', `/api/v1/public/projects/${p}/ledger`, undefined, undefined, '10.0.1.1');
    expect([summary.status, ledger.status]).toEqual([200, 200]);
    expect(summary.body.goods).toEqual([{ ...rice, quantity: 15, valueFen: 30_000 }]);
    expect(
      ledger.body.items.map((e: { kind: string; credit: string; amountFen: number; items: unknown }) => [
        e.kind,
        e.credit,
        e.amountFen,
        e.items,
      ]),
    ).toEqual([
      ['donation', 'donations', 40_000, [{ ...rice, quantity: 20, valueFen: 40_000 }]],
      ['disbursement', 'goods', 10_000, [{ ...rice, quantity: 5, valueFen: 10_000 }]],
    ]);
    for (const raw of [summary.raw, ledger.raw]) {
      expect(raw).not.toContain(out.body.personRef);
      expect(raw).not.toContain(idNumber);
      expect(raw).not.toMatch(/personRef|town|referral|bookedBy|booked_by|reason/i);
      expect(raw).not.toMatch(/\d{17}[\dX]/);
    }
  });
});
