import {
  BirthRegisteredV1,
  createEvent,
  DeathRecordedV1,
  EventEnvelope,
  Sources,
  toKafkaRecord,
  Topics,
} from '@civic/contracts';
import { createPersonRefs, maskResidentId } from '@civic/identity';
import {
  FreshTopics,
  freshTopics,
  produceRaw,
  ServiceProcess,
  startPolicyEngineProcess,
  waitFor,
  withClient,
} from '@civic/testing';
import { ChildWelfareApp, residentId, startChildWelfareApp, TOWN, VILLAGE } from './child-welfare-app.fixture';

jest.setTimeout(240_000);

// The policy engine runs as its own process, started the way scripts/start.sh starts it, on its own
// schema and the same topic prefix. The data hub's life events are published straight onto Kafka as the
// hub gateway would publish them. The engine finds the orphan (政策找人) and raises its alert; child
// welfare puts it in its work queue, records the same deaths, and closes the item when the child is enrolled.
describe('child welfare with the policy engine', () => {
  let t: ChildWelfareApp;
  let topics: FreshTopics;
  let engine: ServiceProcess | undefined;

  const publishHub = async (event: EventEnvelope) => {
    const topic = topics.topic(Topics.HubLifeEvent);
    const { key, value, headers } = toKafkaRecord(event, topic);
    await produceRaw(topic, [{ key, value, headers }]);
  };

  beforeAll(async () => {
    topics = await freshTopics('cw_pe', [...new Set(Object.values(Topics))], 1);
    t = await startChildWelfareApp('cw_pe', {}, topics);
    engine = await startPolicyEngineProcess('cw_pe_engine', topics.prefix, t.env.JWT_SECRET);
  });
  afterAll(async () => {
    await engine?.stop();
    await t?.close();
    await topics?.drop();
  });

  it('the engine’s orphan alert opens a work item; enrolling the child closes it, the child is an orphan from the recorded deaths', async () => {
    const clerk = await t.token('clerk', ['child-welfare:clerk']);
    const refs = createPersonRefs(JSON.parse(t.env.PERSON_REF_KEYS));
    const [childId, motherId, fatherId] = [
      residentId('2014-10-10', 701),
      residentId('1985-01-01', 702),
      residentId('1983-02-02', 703),
    ];
    const hub = (id: string, recordId: string) => ({ recordId, personRef: refs.ref(id), maskedId: maskResidentId(id) });
    const today = await t.today();
    await publishHub(
      createEvent(
        BirthRegisteredV1,
        {
          ...hub(childId, 'hub-birth-1'),
          birthDate: '2014-10-10',
          sex: 'female',
          town: TOWN,
          motherPersonRef: refs.ref(motherId),
          fatherPersonRef: refs.ref(fatherId),
        },
        { source: Sources.hub },
      ),
    );
    for (const [id, rec] of [
      [motherId, 'hub-death-m'],
      [fatherId, 'hub-death-f'],
    ])
      await publishHub(
        createEvent(DeathRecordedV1, { ...hub(id, rec), deathDate: today, status: 'formal' }, { source: Sources.hub }),
      );

    const item = await waitFor(
      'the orphan alert in the work queue',
      async () => {
        const page = (await t.call('GET', '/api/v1/work-queue?status=open', clerk)).body;
        return page.items.find((i: { ruleId: string }) => i.ruleId === 'orphan-child');
      },
      180_000,
      250,
    );
    expect(item).toMatchObject({ personRef: refs.ref(childId), town: TOWN, status: 'open' });

    const registered = await t.call('POST', '/api/v1/children', clerk, {
      idNumber: childId,
      town: TOWN,
      village: VILLAGE,
      mother: { idNumber: motherId },
      father: { idNumber: fatherId },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.category).toBe('orphan');
    const closed = (await t.call('GET', '/api/v1/work-queue?status=closed', clerk)).body.items;
    expect(closed).toEqual([
      expect.objectContaining({ alertId: item.alertId, closedReason: `enrolled as ${registered.body.childId}` }),
    ]);

    // the adoption reaches the engine: the adopters become the child's parents in its person view
    const [reviewer, approver] = await Promise.all([
      t.token('reviewer', ['child-welfare:reviewer']),
      t.token('approver', ['child-welfare:approver']),
    ]);
    const adoption = (
      await t.call('POST', '/api/v1/adoptions', clerk, {
        childIdNumber: childId,
        town: TOWN,
        adopters: [{ idNumber: residentId('1980-03-03', 704) }],
      })
    ).body;
    await t.call('POST', `/api/v1/adoptions/${adoption.adoptionId}/assessment`, reviewer, {
      outcome: 'suitable',
      note: 'ok',
    });
    expect((await t.call('POST', `/api/v1/adoptions/${adoption.adoptionId}/registration`, approver)).status).toBe(200);
    await waitFor(
      'the adoptive mother in the engine’s person view',
      () =>
        withClient(engine!.schema.url, async (c) => {
          const { rows } = await c.query(`SELECT parent_ref FROM pe_parent WHERE child_ref = $1 AND role = 'mother'`, [
            refs.ref(childId),
          ]);
          return rows[0]?.parent_ref === adoption.adoptiveMotherRef ? true : undefined;
        }),
      30_000,
      250,
    );
  });
});
