import { DataSource } from 'typeorm';
import { freshSchema, withClient } from '@civic/testing';
import { AuditLogEntry } from './audit-log.entity';
import { AuditLogTable1764300000000 } from './audit-log-table.migration';
import { ProblemException } from '../errors/problem.exception';
import { AuditLog } from './audit-log.service';

// the tier's testTimeout is not applied per project; real servers on a loaded 2-core machine need more than 5 s
jest.setTimeout(60_000);

describe('the hash-chained audit log', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let dataSource: DataSource;
  const audit = new AuditLog();

  beforeAll(async () => {
    schema = await freshSchema('audit');
    dataSource = new DataSource({
      type: 'postgres',
      url: schema.url,
      schema: schema.schema,
      entities: [AuditLogEntry],
      migrations: [AuditLogTable1764300000000],
      poolSize: 12,
      logging: false,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await schema?.drop();
  });

  const sql = (text: string, params: unknown[] = []) => withClient(schema.url, (c) => c.query(text, params));

  it("appends entries in the caller's transaction and verifies the chain", async () => {
    await dataSource.transaction(async (tx) => {
      await audit.append(tx, {
        actor: 'alice',
        action: 'case.approved',
        objectType: 'case',
        objectId: 'c-1',
        detail: { amountFen: 50_000, note: 'first' },
      });
      await audit.append(tx, {
        actor: 'bob',
        action: 'payment.disbursed',
        objectType: 'payment',
        objectId: 'p-1',
        detail: { nested: { b: 1, a: [2, 'x'] } },
      });
    });
    await audit.append(dataSource.manager, {
      actor: 'carol',
      action: 'id.read',
      objectType: 'resident',
      objectId: 'pr_7f3a',
      detail: { maskedId: '440102********123X' },
    });
    expect(await audit.verifyChain(dataSource.manager)).toBeNull();
    const rows = (await sql('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq')).rows;
    expect(rows).toHaveLength(3);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows[2].prev_hash).toBe(rows[1].hash);
  });

  it("writes nothing when the caller's transaction rolls back", async () => {
    const before = Number((await sql('SELECT count(*) FROM audit_log')).rows[0].count);
    await expect(
      dataSource.transaction(async (tx) => {
        await audit.append(tx, { actor: 'alice', action: 'case.rejected', objectType: 'case', objectId: 'c-2' });
        throw new Error('business rule failed after the audit append');
      }),
    ).rejects.toThrow('business rule failed');
    expect(Number((await sql('SELECT count(*) FROM audit_log')).rows[0].count)).toBe(before);
    expect(await audit.verifyChain(dataSource.manager)).toBeNull();
  });

  it('keeps the chain linear under concurrent appends from many transactions', async () => {
    const written = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        dataSource.transaction((tx) =>
          audit.append(tx, {
            actor: `clerk-${i}`,
            action: 'household.updated',
            objectType: 'household',
            objectId: `h-${i}`,
          }),
        ),
      ),
    );
    const forks = (await sql('SELECT prev_hash FROM audit_log GROUP BY prev_hash HAVING count(*) > 1')).rows;
    expect(forks).toEqual([]);
    expect(new Set(written.map((w) => w.prevHash)).size).toBe(24);
    // more than nine rows: seq must order as a number, not as text
    expect(Number((await sql('SELECT count(*) FROM audit_log')).rows[0].count)).toBeGreaterThan(9);
    expect(await audit.verifyChain(dataSource.manager)).toBeNull();
    expect(await audit.head(dataSource.manager)).toEqual({
      seq: written.reduce((a, w) => (Number(w.seq) > Number(a.seq) ? w : a)).seq,
      hash: expect.any(String),
    });
  });

  it.each([
    ['plain', '44010219900101123X'],
    ['with spaces', '440102 19900101 123X'],
    ['in full-width digits', '４４０１０２１９９００１０１１２３Ｘ'],
  ])('refuses an entry holding a resident ID number written %s: 400 naming the field', async (_how, id) => {
    const before = Number((await sql('SELECT count(*) FROM audit_log')).rows[0].count);
    const refused = await audit
      .append(dataSource.manager, {
        actor: 'alice',
        action: 'id.read',
        objectType: 'resident',
        objectId: 'r',
        detail: { reason: `caller gave ${id}` },
      })
      .then(
        () => undefined,
        (e: ProblemException) => e,
      );
    expect(refused).toBeInstanceOf(ProblemException);
    expect(refused!.getStatus()).toBe(400);
    expect(refused!.problem.errors).toEqual([expect.objectContaining({ field: 'reason', rule: 'noIdNumber' })]);
    expect(JSON.stringify(refused!.problem)).not.toContain(id);
    expect(Number((await sql('SELECT count(*) FROM audit_log')).rows[0].count)).toBe(before);
  });

  it('rejects UPDATE, DELETE and TRUNCATE through its trigger', async () => {
    await expect(
      sql(`UPDATE audit_log SET actor = 'mallory' WHERE seq = (SELECT min(seq) FROM audit_log)`),
    ).rejects.toThrow(/append-only: UPDATE rejected/);
    await expect(sql(`DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)`)).rejects.toThrow(
      /append-only: DELETE rejected/,
    );
    await expect(sql(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE rejected/);
  });

  it('detects an edited row and a deleted row once the trigger is bypassed, naming the first broken seq', async () => {
    const seqs: string[] = (await sql('SELECT seq::text AS seq FROM audit_log ORDER BY audit_log.seq')).rows.map(
      (r: { seq: string }) => r.seq,
    );
    await sql('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      await sql(`UPDATE audit_log SET detail = jsonb_set(detail, '{amountFen}', '5000000') WHERE seq = $1`, [seqs[0]]);
      expect(await audit.verifyChain(dataSource.manager)).toBe(seqs[0]);
      await sql(`DELETE FROM audit_log WHERE seq = $1`, [seqs[0]]);
      // with the first row gone, the next row's prev_hash no longer follows the genesis hash
      expect(await audit.verifyChain(dataSource.manager)).toBe(seqs[1]);
      await sql(`DELETE FROM audit_log WHERE seq = $1`, [seqs[3]]);
      expect(await audit.verifyChain(dataSource.manager)).toBe(seqs[1]);
    } finally {
      await sql('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    }
  });
});
