import { Outbox } from '@civic/messaging';
import { freshSchema, migratedSchema } from '@civic/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { POLICY_ENGINE_MIGRATIONS } from '../policy-engine.migrations';
import { AlertsService } from './alerts.service';

// A run's re-keyed people (AlertsService.mergePeople, several pairs in one statement per table) on
// real PostgreSQL: each old ref's alerts and rule states follow it to its new ref; where both refs hold
// an open alert for one rule, the old ref's is expired and published, the new ref's stays.
describe('re-keyed people: their alerts follow them', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  const [A, B, C, D] = ['a', 'b', 'c', 'd'].map((c) => `k1:${c.repeat(40)}`);

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('pe_alerts_merge', POLICY_ENGINE_MIGRATIONS));
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  const alert = (personRef: string, ruleId: string, status = 'open') =>
    ds.query(
      `INSERT INTO pe_alert (id, person_ref, rule_id, rule_version, department, programme, town, priority, status, due_date, summary, explanation)
       VALUES ($1, $2, $3, 1, 'eldercare', 'elder-allowance', '442000100', 'normal', $4, '2026-03-01', 'summary', '{}')`,
      [randomUUID(), personRef, ruleId, status],
    );
  const ruleState = (personRef: string, ruleId: string, alertable: boolean) =>
    ds.query(
      `INSERT INTO pe_rule_state (person_ref, rule_id, rule_version, alertable, evaluated_for) VALUES ($1, $2, 1, $3, '2026-02-01')`,
      [personRef, ruleId, alertable],
    );

  it('moves every pair at once and expires only the old twin of an open alert', async () => {
    await alert(A, 'elder-allowance-unclaimed');
    await alert(B, 'elder-allowance-unclaimed'); // the twin: B's stays open
    await alert(A, 'elder-monthly-visit');
    await alert(C, 'elder-allowance-unclaimed'); // D holds none: C's moves, open
    await alert(D, 'elder-monthly-visit', 'resolved'); // not open: no twin of anything
    await ruleState(A, 'elder-allowance-unclaimed', true);
    await ruleState(B, 'elder-allowance-unclaimed', false); // B's own state stays
    await ruleState(C, 'elder-monthly-visit', true);

    await ds.transaction((m) =>
      new AlertsService(ds, new Outbox()).mergePeople(
        m,
        [
          { oldRef: A, newRef: B },
          { oldRef: C, newRef: D },
        ],
        '2026-02-15',
      ),
    );

    expect(
      await ds.query(`SELECT person_ref, rule_id, status FROM pe_alert ORDER BY person_ref, rule_id, status`),
    ).toEqual([
      { person_ref: B, rule_id: 'elder-allowance-unclaimed', status: 'expired' },
      { person_ref: B, rule_id: 'elder-allowance-unclaimed', status: 'open' },
      { person_ref: B, rule_id: 'elder-monthly-visit', status: 'open' },
      { person_ref: D, rule_id: 'elder-allowance-unclaimed', status: 'open' },
      { person_ref: D, rule_id: 'elder-monthly-visit', status: 'resolved' },
    ]);
    expect(await ds.query(`SELECT person_ref, rule_id, alertable FROM pe_rule_state ORDER BY person_ref`)).toEqual([
      { person_ref: B, rule_id: 'elder-allowance-unclaimed', alertable: false },
      { person_ref: D, rule_id: 'elder-monthly-visit', alertable: true },
    ]);
    // the expiry is published (the department's work item for the old ref closes)
    const published = await ds.query(`SELECT event_type FROM outbox_message`);
    expect(published).toEqual([{ event_type: expect.stringMatching(/^policy\.alert\./) }]);
  });
});
