import { createPersonRefs, maskResidentId } from '@civic/identity';
import {
  allTopics,
  catalog,
  createEvent,
  departmentOf,
  MASKED_ID_PATTERN,
  parseEvent,
  PERSON_REF_PATTERN,
  producerOf,
  Sources,
} from './index';
import { jsonSchemaOf, JsonSchema } from './asyncapi/json-schema';

// The event vocabulary the issue asks for: docs/domain.md's facts of every department, the policy
// engine and the data-hub gateway. Removing or renaming one of these must fail here.
const requiredTypes = [
  'assistance.household.registered',
  'assistance.household.member-added',
  'assistance.household.income-changed',
  'assistance.household.assets-changed',
  'assistance.case.applied',
  'assistance.case.accepted',
  'assistance.case.reviewed',
  'assistance.case.publicised',
  'assistance.case.approved',
  'assistance.case.rejected',
  'assistance.case.suspended',
  'assistance.case.terminated',
  'assistance.case.reinstated',
  'assistance.payment.issued',
  'assistance.payment.confirmed',
  'assistance.payment.stopped',
  'assistance.temporary-assistance.paid',
  'assistance.temporary-assistance.paperwork-overdue',
  'eldercare.elder.registered',
  'eldercare.elder.ability-assessed',
  'eldercare.elder.admitted',
  'eldercare.elder.discharged',
  'eldercare.visit.recorded',
  'eldercare.visit.overdue',
  'eldercare.alarm.raised',
  'eldercare.elder.allowance-granted',
  'eldercare.elder.allowance-stopped',
  'eldercare.elder.situation-changed',
  'eldercare.alarm.escalated',
  'eldercare.payment.issued',
  'eldercare.payment.confirmed',
  'eldercare.payment.stopped',
  'child-welfare.child.registered',
  'child-welfare.child.category-classified',
  'child-welfare.child.guardianship-changed',
  'child-welfare.protection-report.filed',
  'child-welfare.child.allowance-granted',
  'child-welfare.child.aged-out',
  'child-welfare.payment.issued',
  'child-welfare.payment.confirmed',
  'child-welfare.payment.stopped',
  'charity.organisation.registered',
  'charity.project.launched',
  'charity.project.donation-received',
  'charity.project.aid-disbursed',
  'charity.crowdfunding.opened',
  'charity.wish.fulfilled',
  'governance.social-organisation.registered',
  'governance.social-organisation.annual-report-filed',
  'governance.social-organisation.credit-list-changed',
  'governance.social-worker.assigned',
  'governance.visit-task.completed',
  'hub.person.death-recorded',
  'hub.person.birth-registered',
  'hub.person.disability-certified',
  'hub.person.hospital-bill-settled',
  'hub.person.unemployment-registered',
  'hub.person.hukou-moved',
  'hub.person.imprisoned',
  'hub.person.released',
  'hub.person.absence-recorded',
  'hub.person.absence-ended',
  'hub.person.school-enrolled',
  'policy.alert.raised',
  'policy.alert.resolved',
  'policy.parameter.value-scheduled',
];

const name = (d: { type: string; version: number }) => `${d.type} v${d.version}`;

/** Every property schema in a payload schema, with its dotted path (array items as `[]`). */
function propertiesOf(schema: JsonSchema, path = ''): [string, string, JsonSchema][] {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(props).flatMap(([key, s]) => {
    const here = path ? `${path}.${key}` : key;
    const inner = s.type === 'array' ? (s.items as JsonSchema) : s;
    return [
      [here, key, s] as [string, string, JsonSchema],
      ...(inner?.type === 'object' ? propertiesOf(inner, s.type === 'array' ? `${here}[]` : here) : []),
    ];
  });
}

describe('the event catalog', () => {
  it('defines every event type the departments, the policy engine and the hub gateway publish', () => {
    const defined = new Set(catalog.map((d) => d.type));
    expect(requiredTypes.filter((t) => !defined.has(t))).toEqual([]);
  });

  it('puts every event on a known topic of its own department, keyed by a string aggregate id of its payload', () => {
    const topics = new Set<string>(allTopics());
    for (const def of catalog) {
      expect({ event: name(def), known: topics.has(def.topic) }).toEqual({ event: name(def), known: true });
      expect(departmentOf(def.topic)).toBe(departmentOf(def.type));
      expect(Sources[departmentOf(def.type)]).toMatch(/^\/civic\//);
      expect({
        event: name(def),
        subject: typeof (def.example as Record<string, unknown>)[def.subjectField ?? ''],
      }).toEqual({ event: name(def), subject: 'string' });
    }
  });

  it('keys every data-hub life event by personRef on the one life-event topic', () => {
    const hub = catalog.filter((d) => d.type.startsWith('hub.') && d.type !== 'hub.person.ref-rekeyed');
    expect(hub.length).toBeGreaterThanOrEqual(9);
    for (const def of hub) expect([def.topic, def.subjectField]).toEqual(['hub.life-event', 'personRef']);
    // the gateway's re-keying goes on the same topic, keyed by the ref later life events of the person carry
    const rekeyed = catalog.find((d) => d.type === 'hub.person.ref-rekeyed');
    expect([rekeyed?.topic, rekeyed?.subjectField]).toEqual(['hub.life-event', 'newRef']);
  });

  it.each(catalog.map((d) => [name(d), d]))(
    'round-trips the example of %s through createEvent, JSON and parseEvent',
    (_, def) => {
      const sent = createEvent(def, def.example, {});
      const received = parseEvent(JSON.parse(JSON.stringify(sent)));
      if (!received.ok) throw new Error(`${name(def)} example refused: ${received.error}`);
      expect(received.definition).toBe(def);
      expect(received.event.subject).toBe((def.example as Record<string, unknown>)[String(def.subjectField)]);
      expect(received.event.data).toBeInstanceOf(def.payload);
      expect(JSON.parse(JSON.stringify(received.event.data))).toEqual(def.example);
    },
  );

  it('has no raw 18-character resident ID number anywhere in an example', () => {
    const leaks = catalog.filter((d) => /\d{17}[\dX]/i.test(JSON.stringify(d.example))).map(name);
    expect(leaks).toEqual([]);
  });

  it('holds money only as integer fen, in fields named *Fen', () => {
    for (const def of catalog) {
      for (const [path, key, s] of propertiesOf(jsonSchemaOf(def.payload))) {
        if (/fen$/i.test(key))
          expect({ field: `${name(def)} ${path}`, type: s.type, minimum: s.minimum }).toEqual({
            field: `${name(def)} ${path}`,
            type: 'integer',
            minimum: 0,
          });
        else if (
          /amount|income|cost|price|salary|fund|asset|total|paid/i.test(key) &&
          (s.type === 'integer' || s.type === 'number')
        )
          throw new Error(`${name(def)} ${path} looks like money but is not *Fen`);
      }
    }
  });

  it('carries people only as personRef and masked ID, with the field rules that enforce that', () => {
    for (const def of catalog) {
      for (const [path, key, s] of propertiesOf(jsonSchemaOf(def.payload))) {
        expect(`${name(def)} ${path}`).not.toMatch(/idNumber|residentId|rawId|\.idNo|identityCard/i);
        if (/personRef$/i.test(key)) expect([path, s.pattern]).toEqual([path, PERSON_REF_PATTERN.source]);
        if (/maskedId$/i.test(key)) expect([path, s.pattern]).toEqual([path, MASKED_ID_PATTERN.source]);
      }
    }
  });

  it('refuses to build an event under another source than its producer in the catalog', () => {
    const [def] = catalog.filter((d) => d.type === 'policy.parameter.value-scheduled');
    expect(createEvent(def, def.example, {}).source).toBe(producerOf(def));
    expect(() => createEvent(def, def.example, { source: Sources.policy })).toThrow(
      `policy.parameter.value-scheduled v1 is published by ${producerOf(def)}, not ${Sources.policy}`,
    );
  });

  it('accepts the personRef and masked ID that @civic/identity actually produces', () => {
    const refs = createPersonRefs({ current: 'k2024_a', keys: { k2024_a: 'hex:' + 'ab'.repeat(32) } });
    const raw = '11010519491231002X';
    const [def] = catalog.filter((d) => d.type === 'hub.person.death-recorded');
    const data = { ...(def.example as object), personRef: refs.ref(raw), maskedId: maskResidentId(raw) };
    const parsed = parseEvent(
      JSON.parse(JSON.stringify(createEvent(def, data as never, { source: '/civic/hub-gateway' }))),
    );
    expect(parsed.ok).toBe(true);
  });
});
