import {
  CaseApprovedV1,
  ChildRegisteredV1,
  createEvent,
  DeathRecordedV1,
  EventDefinition,
  EventEnvelope,
  HouseholdIncomeChangedV1,
  HouseholdMemberAddedV1,
  HouseholdRegisteredV1,
  HouseholdRegisteredV1Payload,
  ParameterValueScheduledV1,
  PaymentIssuedV1,
  producerOf,
} from '@civic/contracts';
import { todayInShanghai } from '@civic/calendar';
import { InboxContext, InboxRunContext } from '@civic/messaging';
import { createServiceApp, ServiceApp } from '@civic/platform';
import { freshSchema, freshTopics, FreshTopics } from '@civic/testing';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppModule } from '../src/app.module';
import { consumedTopics } from '../src/consumer/policy-events.transport';
import { PolicyEventsListener } from '../src/consumer/policy-events.listener';
import { PolicyEngineConfig } from '../src/policy-engine.config';
import { viewDigest } from '../src/person-view/view-digest';
import { householdOfTwo, ref } from './policy-engine.fixture';

jest.setTimeout(240_000);

// The run handler must have exactly the effect of the events one by one (docs/adr/0013): the same
// events are applied to one schema one transaction per event, and to another as one run; the view
// digest, alerts, each alert's history, rule states, failures, findings, evaluation runs and the
// outbox must be the same. The story inside the run: alerts raised by one event and expired by the
// next, raised and closed on enrolment, a child's parents dying one after the other, a payment
// after a death, a parameter value scheduled and then read by a later event.

const TOWN = '442000100';
const today = todayInShanghai();

const incomeChanged = (householdId: string, head: string, perCapitaFen: number, before: number) => ({
  householdId,
  town: TOWN,
  effectiveDate: today,
  incomes: [{ personRef: head, source: 'wages' as const, monthlyIncomeFen: perCapitaFen * 2 }],
  memberCount: 2,
  totalMonthlyIncomeFen: perCapitaFen * 2,
  perCapitaMonthlyIncomeFen: perCapitaFen,
  previousPerCapitaMonthlyIncomeFen: before,
});

function story(): EventEnvelope[] {
  const tag = randomBytes(3).toString('hex');
  const [h1, c1, h2, c2, h3, c3, h4, c4, child, mother, father] = Array.from({ length: 11 }, ref);
  const ev = <T extends object>(def: EventDefinition<T>, p: NoInfer<T>) =>
    createEvent(def, p, { source: producerOf(def) }) as EventEnvelope;
  return [
    ev(HouseholdRegisteredV1, householdOfTwo(`hh-${tag}-1`, 50000, h1, c1)),
    ev(HouseholdRegisteredV1, householdOfTwo(`hh-${tag}-2`, 50000, h2, c2)),
    // raised by the first event, expired by this one, in the same run
    ev(HouseholdIncomeChangedV1, incomeChanged(`hh-${tag}-1`, h1, 300000, 50000)),
    // raised by the second event, closed as enrolled by this one
    ev(CaseApprovedV1, {
      caseId: `case-${tag}`,
      householdId: `hh-${tag}-2`,
      personRef: h2,
      programme: 'dibao',
      town: TOWN,
      approvedOn: today,
      actor: { userId: 'u-city-1', duty: 'approver' },
      monthlyAmountFen: 150000,
      effectiveFrom: today,
    }),
    ev(HouseholdRegisteredV1, householdOfTwo(`hh-${tag}-3`, 130000, h3, c3)),
    ev(ChildRegisteredV1, {
      childId: `child-${tag}`,
      personRef: child,
      maskedId: '442000********0048',
      birthDate: '2014-03-18',
      sex: 'female',
      town: TOWN,
      village: '442000100001',
      motherPersonRef: mother,
      fatherPersonRef: father,
    }),
    ev(DeathRecordedV1, {
      recordId: `death-f-${tag}`,
      personRef: father,
      maskedId: '442000********0011',
      deathDate: '2020-02-02',
      status: 'formal',
    }),
    ev(DeathRecordedV1, {
      recordId: `death-m-${tag}`,
      personRef: mother,
      maskedId: '442000********0027',
      deathDate: today,
      status: 'formal',
    }),
    ev(PaymentIssuedV1, {
      paymentId: `pay-${tag}`,
      runMonth: today.slice(0, 7),
      caseId: `case-m-${tag}`,
      personRef: mother,
      programme: 'dibao',
      amountFen: 125000,
      town: TOWN,
      issuedOn: '2099-01-05',
      actor: { userId: 'u-city-2', duty: 'disburser' },
    }),
    ev(HouseholdRegisteredV1, householdOfTwo(`hh-${tag}-4`, 50000, h4, c4)),
    // the third household qualifies only under the new standard, read after this event
    ev(ParameterValueScheduledV1, {
      key: 'assistance.dibao.standard.urban',
      value: 140000,
      effectiveFrom: today,
      source: 'run test notice',
      scheduledBy: 'u-city-1',
    }),
    ev(HouseholdIncomeChangedV1, incomeChanged(`hh-${tag}-3`, h3, 131000, 130000)),
  ];
}

/**
 * An enrolment closing the alert of someone who has left its household, while another event of
 * the same run evaluates them: the head of the first household, with an open alert raised there,
 * joins a second one (as its head, so it is evaluated there) before the run; in the run the second household's income rises (the head's
 * alert expires) and then the first household's case is approved (it closes what is still open of
 * the first household). One by one the head's alert is expired, not closed as enrolled: the
 * enrolment must not go to the same segment as the income change (its keys reach the head through
 * the open alert of its household, run-plan.ts). Beside them, independent events that share the
 * first segment: a payment after a death (a finding, recorded as the payment's) and two more
 * approvals, each closing its own household's alert with its own case and cause.
 */
function leaverStory(): { before: EventEnvelope[]; run: EventEnvelope[] } {
  const tag = randomBytes(3).toString('hex');
  const [leaver, c1, h2, c2, h3, c3, h4, c4, dead] = Array.from({ length: 9 }, ref);
  const ev = <T extends object>(def: EventDefinition<T>, p: NoInfer<T>) =>
    createEvent(def, p, { source: producerOf(def) }) as EventEnvelope;
  // the other member is the head's spouse, not child: no parent link reaches them from the head
  const registered = householdOfTwo(`hh-${tag}-1`, 50000, leaver, c1);
  const first = {
    ...registered,
    members: [registered.members[0], { ...registered.members[1], relation: 'spouse' as const }],
  };
  // the view's stamps order writes by event time: one second apart, the joining is the newest
  // membership and the income change comes after it
  const at = Date.now();
  const timed = (events: EventEnvelope[], from: number) =>
    events.map((e, i) => ({ ...e, time: new Date(at + (from + i) * 1000).toISOString() }));
  const approval = (n: number, personRef: string) =>
    ev(CaseApprovedV1, {
      caseId: `case-${tag}-${n}`,
      householdId: `hh-${tag}-${n}`,
      personRef,
      programme: 'dibao',
      town: TOWN,
      approvedOn: today,
      actor: { userId: 'u-city-1', duty: 'approver' },
      monthlyAmountFen: 150000,
      effectiveFrom: today,
    });
  const story = {
    before: [
      ev(HouseholdRegisteredV1, first),
      ev(HouseholdRegisteredV1, householdOfTwo(`hh-${tag}-2`, 50000, h2, c2)),
      ev(HouseholdMemberAddedV1, {
        householdId: `hh-${tag}-2`,
        town: TOWN,
        member: { ...first.members[0], relation: 'head' },
        memberCount: 3,
        perCapitaMonthlyIncomeFen: 50000,
      }),
      ev(HouseholdRegisteredV1, householdOfTwo(`hh-${tag}-3`, 50000, h3, c3)),
      ev(HouseholdRegisteredV1, householdOfTwo(`hh-${tag}-4`, 50000, h4, c4)),
      ev(DeathRecordedV1, {
        recordId: `death-${tag}`,
        personRef: dead,
        maskedId: '442000********0035',
        deathDate: '2020-02-02',
        status: 'formal',
      }),
    ],
    run: [
      ev(HouseholdIncomeChangedV1, incomeChanged(`hh-${tag}-2`, h2, 300000, 50000)),
      ev(PaymentIssuedV1, {
        paymentId: `pay-${tag}`,
        runMonth: today.slice(0, 7),
        caseId: `case-d-${tag}`,
        personRef: dead,
        programme: 'dibao',
        amountFen: 125000,
        town: TOWN,
        issuedOn: '2099-01-05',
        actor: { userId: 'u-city-2', duty: 'disburser' },
      }),
      approval(3, h3),
      approval(4, h4),
      approval(1, c1),
    ],
  };
  return { before: timed(story.before, 0), run: timed(story.run, story.before.length) };
}

const contextOf = (m: EntityManager, event: EventEnvelope, offset: number) =>
  new InboxContext(
    m,
    event,
    { consumer: 'test', topic: 'test', partition: 0, offset: String(offset), attempt: 1 },
    'policy-engine',
  );

/** Everything the engine writes, with alert ids replaced by their person, rule and raise order. */
async function effects(ds: DataSource) {
  const q = (sql: string) => ds.query(sql) as Promise<Record<string, unknown>[]>;
  const alerts = await q(
    `SELECT id, person_ref, rule_id, rule_version, household_id, department, programme, town, priority, status, to_char(due_date, 'YYYY-MM-DD') AS due, summary, explanation, cause_event_id, outcome, resolution_note, case_id, resolved_by FROM pe_alert ORDER BY person_ref, rule_id, raised_at, id`,
  );
  const label = new Map(alerts.map((a, i) => [a.id as string, `${a.person_ref} ${a.rule_id} #${i}`]));
  const history = await q(`SELECT alert_id, actor, from_status, to_status, note FROM pe_alert_history ORDER BY id`);
  const byAlert: Record<string, unknown[]> = {};
  for (const h of history) (byAlert[label.get(h.alert_id as string)!] ??= []).push({ ...h, alert_id: undefined });
  const outbox = await q(`SELECT message_key, payload FROM outbox_message ORDER BY id`);
  const events = outbox.map((o) => {
    const p = (typeof o.payload === 'string' ? JSON.parse(o.payload) : o.payload) as EventEnvelope<
      Record<string, unknown>
    >;
    return {
      type: p.type,
      causationid: p.causationid,
      data: { ...p.data, alertId: label.get(p.data.alertId as string) },
    };
  });
  const perKey = (xs: typeof events) => {
    // order is kept per alert (the record key); across alerts of one segment it may differ
    const m: Record<string, unknown[]> = {};
    for (const e of xs) (m[String(e.data.alertId)] ??= []).push(e);
    return m;
  };
  return {
    view: (await viewDigest(ds.manager)).tables,
    alerts: alerts.map((a): Record<string, unknown> => ({ ...a, id: label.get(a.id as string) })),
    history: byAlert,
    outbox: perKey(events),
    ruleStates: await q(
      `SELECT person_ref, rule_id, rule_version, alertable, evaluated_for::text FROM pe_rule_state ORDER BY person_ref, rule_id`,
    ),
    failures: await q(
      `SELECT person_ref, rule_id, error, cause FROM pe_rule_failure ORDER BY person_ref, rule_id, error`,
    ),
    findings: await q(
      `SELECT kind, dedupe_key, person_ref, town, detail, source_event_id FROM pe_finding ORDER BY kind, dedupe_key`,
    ),
    runs: await q(`SELECT run_key, kind, evaluated_for::text, reason FROM pe_evaluation_run ORDER BY run_key`),
  };
}

describe('policy engine: a run applied at once has the effect of its events one by one (real PostgreSQL)', () => {
  let topics: FreshTopics;
  const apps: { app: ServiceApp; drop: () => Promise<void> }[] = [];

  const start = async () => {
    const schema = await freshSchema('pe_run');
    const app = await createServiceApp(AppModule, {
      name: 'policy-engine',
      config: PolicyEngineConfig,
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: process.env.DATABASE_URL as string,
        DATABASE_SCHEMA: schema.schema,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS as string,
        TOPIC_PREFIX: topics.prefix,
        JWT_SECRET: randomBytes(32).toString('hex'),
        LOG_LEVEL: 'warn',
        EVALUATION_WORKER: 'off',
        DAILY_EVALUATION: 'off',
      },
    });
    apps.push({ app, drop: () => schema.drop() });
    return app;
  };

  beforeAll(async () => {
    topics = await freshTopics('pe-run', [...consumedTopics(), 'policy.alert'], 1);
  });
  afterAll(async () => {
    for (const a of apps) await a.app.close();
    await Promise.all([...apps.map((a) => a.drop()), topics?.drop()]);
  });

  it('gives the same view digest, alerts, alert histories, rule states, findings and outbox events', async () => {
    const events = story();
    const [one, run] = [await start(), await start()];

    const perEvent = one.get(DataSource);
    const engineOne = one.get(PolicyEventsListener);
    for (const [i, event] of events.entries())
      await perEvent.transaction((m) => engineOne.handle(event, contextOf(m, event, i)));

    const asRun = run.get(DataSource);
    await asRun.transaction((m) =>
      run.get(PolicyEventsListener).handleRun(
        events,
        new InboxRunContext(
          m,
          events.map((e, i) => contextOf(m, e, i)),
        ),
      ),
    );

    const [a, b] = [await effects(perEvent), await effects(asRun)];
    // the story did happen: raise then expire, raise then enrol, an orphan alert, a finding, a parameter run
    const statuses = a.alerts.map((x) => `${x.rule_id}:${x.status}`);
    expect(statuses).toEqual(
      expect.arrayContaining([
        'dibao-income-below-standard:expired',
        'dibao-income-below-standard:enrolled',
        'dibao-income-below-standard:open',
        'orphan-child:open',
      ]),
    );
    expect(a.findings.map((f) => f.kind)).toContain('payment-after-death');
    expect(a.runs).toHaveLength(1);
    expect(b).toEqual(a);
  });

  it('expires, not enrols, the alert of one who left the enrolled household and is evaluated in the same run', async () => {
    const { before, run: events } = leaverStory();
    const [one, run] = [await start(), await start()];
    const [perEvent, asRun] = [one.get(DataSource), run.get(DataSource)];
    for (const app of [one, run])
      for (const [i, event] of before.entries())
        await app
          .get(DataSource)
          .transaction((m) => app.get(PolicyEventsListener).handle(event, contextOf(m, event, i)));

    const engineOne = one.get(PolicyEventsListener);
    for (const [i, event] of events.entries())
      await perEvent.transaction((m) => engineOne.handle(event, contextOf(m, event, before.length + i)));
    await asRun.transaction((m) =>
      run.get(PolicyEventsListener).handleRun(
        events,
        new InboxRunContext(
          m,
          events.map((e, i) => contextOf(m, e, before.length + i)),
        ),
      ),
    );

    const [a, b] = [await effects(perEvent), await effects(asRun)];
    const leaver = (before[0].data as HouseholdRegisteredV1Payload).members[0].personRef;
    // the story did happen: one by one, the leaver's alert (of the first household) expired before the enrolment
    expect(a.alerts.filter((x) => x.person_ref === leaver).map((x) => `${x.household_id}:${x.status}`)).toEqual([
      `${(before[0].data as HouseholdRegisteredV1Payload).householdId}:expired`,
    ]);
    expect(a.alerts.filter((x) => x.status === 'enrolled').map((x) => x.case_id)).toHaveLength(2);
    expect(a.findings.map((f) => f.source_event_id)).toEqual([events[1].id]);
    expect(b).toEqual(a);
  });
});
