import { inboxTransportFor } from '@civic/messaging';
import { createServiceApp, Role, ServiceApp, signDevTokenFor } from '@civic/platform';
import { producePoison, ServiceTestApp, startServiceTestApp, waitFor } from '@civic/testing';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FAULT_COUNTER_TOPIC } from '../../../faults/fixture-service/counter-incremented.event';
import { FixtureConfig } from '../../../faults/fixture-service/fixture.config';
import { FixtureModule } from '../../../faults/fixture-service/fixture.module';
import { DeadLettersModule } from '../src';

jest.setTimeout(180_000);

// The operators' dead-letter API on a service wired like every department (the fault suite's
// fixture: state + outbox on a POST, the effect applied through the inbox): a poison event holds its
// key and later events of the key wait behind it; after the fix a re-drive applies them in order; an
// event that can never apply is refused on re-drive with the reason, and discarding it releases the
// events behind it. Each action is audited. An integration suite, not e2e: the fixture's topics are
// not in docs/asyncapi.yaml, so the e2e tier's contract check must not read them.
@Module({ imports: [FixtureModule, DeadLettersModule.forRoot({ roles: ['policy:admin'] })] })
class FixtureWithDeadLetters {}

describe('dead letters, operated over REST', () => {
  let t: ServiceTestApp<ServiceApp, Role>;
  let sql: (q: string, p?: unknown[]) => Promise<Record<string, unknown>[]>;
  let admin: string;

  beforeAll(async () => {
    t = await startServiceTestApp<ServiceApp, Role>({
      prefix: 'ops_dlq',
      topicNames: [FAULT_COUNTER_TOPIC],
      adminRole: 'policy:admin',
      create: (env) =>
        createServiceApp(FixtureWithDeadLetters, {
          name: 'fault-fixture',
          config: FixtureConfig,
          env,
          transports: (app) => [
            inboxTransportFor(app, {
              consumers: [{ name: 'ledger', topics: [FAULT_COUNTER_TOPIC] }],
              retry: { attempts: 2, initialBackoffMs: 20 },
            }),
          ],
        }),
      sign: signDevTokenFor,
    });
    const ds = t.app.get(DataSource);
    sql = (q, p) => ds.query(q, p);
    admin = await t.token('operator-1', ['policy:admin']);
  });
  afterAll(() => t?.close());

  const increment = async (counter: string, fault?: string) =>
    expect(
      (await t.call('POST', `/api/v1/counters/${counter}/increments`, undefined, fault ? { fault } : {})).status,
    ).toBe(201);
  const effects = async (counter: string) =>
    (await sql(`SELECT seq, expected_seq FROM fault_effect WHERE counter_id = $1 ORDER BY id`, [counter])).map((r) => [
      r.seq,
      r.expected_seq,
    ]);
  const lettersOf = async (counter: string, count: number) =>
    waitFor(`${count} dead letters of ${counter}`, async () => {
      const res = await t.call('GET', '/api/v1/dead-letters?consumer=ledger', admin);
      const mine = res.body.items.filter((l: { key: string }) => l.key === counter);
      return mine.length >= count ? mine : undefined;
    });
  const audit = (id: string) =>
    sql(`SELECT action, actor, detail FROM audit_log WHERE object_id = $1 ORDER BY seq`, [id]);

  it('poison → held key → fix → re-drive: the held events apply in their order', async () => {
    await sql(`INSERT INTO fault_bug (counter_id) VALUES ('k1')`);
    await increment('k1', 'until-fixed');
    await increment('k1');
    await increment('k1');
    const [poison, held1, held2] = await lettersOf('k1', 3);
    expect(poison).toMatchObject({ reason: 'handler-failed', heldBehind: 2, resolvedAt: null });
    expect([held1.reason, held2.reason]).toEqual(['held-behind-dead-letter', 'held-behind-dead-letter']);
    expect(await effects('k1')).toEqual([]);

    // operators see the held key and the unresolved letters on /metrics, and the group's lag
    const metrics = (await t.call('GET', '/metrics', undefined)).raw;
    expect(metrics).toMatch(/^inbox_held_keys\{service="fault-fixture",consumer="ledger"\} 1$/m);
    expect(metrics).toMatch(/^dead_letters_unresolved\{service="fault-fixture",consumer="ledger"\} 3$/m);
    expect(metrics).toMatch(
      /^kafka_consumer_lag_messages\{service="fault-fixture",consumer="ledger",topic="faults.counter",partition="0"\} 0$/m,
    );
    expect(metrics).toMatch(/^outbox_relay_leader\{service="fault-fixture"\} 1$/m);
    expect(metrics).toMatch(/^db_pool_connections\{service="fault-fixture",state="total"\} \d+$/m);

    // before the fix a re-drive changes nothing and says why
    const early = await t.call('POST', `/api/v1/dead-letters/${poison.id}/redrive`, admin);
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('bug in this handler');
    expect(await effects('k1')).toEqual([]);

    await sql(`DELETE FROM fault_bug WHERE counter_id = 'k1'`); // the fix is deployed
    const redriven = await t.call('POST', `/api/v1/dead-letters/${poison.id}/redrive`, admin);
    expect(redriven.status).toBe(200);
    expect(redriven.body).toEqual({ status: 'applied', applied: 3, duplicates: 0 });
    expect(await effects('k1')).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect((await t.call('GET', `/api/v1/dead-letters/${poison.id}`, admin)).body).toMatchObject({
      resolution: 'redriven',
      resolvedBy: 'operator-1',
    });
    expect(await audit(poison.id)).toEqual([{ action: 'dead-letter.redriven', actor: 'operator-1', detail: {} }]);
    // the key flows again
    await increment('k1');
    await waitFor('the next event applied directly', async () =>
      (await effects('k1')).length === 4 ? true : undefined,
    );
    expect((await t.call('POST', `/api/v1/dead-letters/${poison.id}/redrive`, admin)).status).toBe(409);
  });

  it('an event that can never apply is refused on re-drive; discarding it releases the events behind it', async () => {
    const topic = t.topics.topic(FAULT_COUNTER_TOPIC);
    const invalid = {
      specversion: '1.0',
      id: '5f0c1d2e-0000-4000-8000-000000000001',
      source: '/civic/fault-fixture',
      type: 'faults.counter.incremented',
      time: new Date().toISOString(),
      subject: 'k2',
      datacontenttype: 'application/json',
      dataversion: 1,
      correlationid: 'c-1',
      data: { counterId: 'k2', seq: 0 },
    };
    await producePoison(topic, [{ key: 'k2', value: JSON.stringify(invalid) }]);
    await increment('k2');
    await increment('k2');
    const [bad] = await lettersOf('k2', 3);
    expect(bad).toMatchObject({ reason: 'invalid-payload', field: 'data.seq' });

    const refused = await t.call('POST', `/api/v1/dead-letters/${bad.id}/redrive`, admin);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('still invalid');

    expect((await t.call('POST', `/api/v1/dead-letters/${bad.id}/discard`, admin, {})).status).toBe(400);
    const discarded = await t.call('POST', `/api/v1/dead-letters/${bad.id}/discard`, admin, {
      reason: 'seq 0 from a producer bug; the counter starts at 1',
    });
    expect(discarded.status).toBe(200);
    expect(discarded.body).toMatchObject({
      discarded: { id: bad.id, resolution: 'discarded', resolvedBy: 'operator-1' },
      heldEvents: { status: 'applied', applied: 2, duplicates: 0 },
    });
    expect(await effects('k2')).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(await audit(bad.id)).toEqual([
      {
        action: 'dead-letter.discarded',
        actor: 'operator-1',
        detail: { reason: 'seq 0 from a producer bug; the counter starts at 1' },
      },
    ]);
    const open = await t.call('GET', '/api/v1/dead-letters', admin);
    expect(open.body.items.filter((l: { key: string }) => l.key === 'k2')).toEqual([]);
  });

  it('is for the roles the service names, and answers bad ids with problem details', async () => {
    const viewer = await t.token('viewer-1', ['policy:viewer']);
    expect((await t.call('GET', '/api/v1/dead-letters', viewer)).status).toBe(403);
    expect((await t.call('GET', '/api/v1/dead-letters', undefined)).status).toBe(401);
    const bad = await t.call('GET', '/api/v1/dead-letters/abc', admin);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await t.call('GET', '/api/v1/dead-letters/999999', admin)).status).toBe(404);
    expect((await t.call('GET', '/api/v1/dead-letters?state=maybe', admin)).status).toBe(400);
  });
});
