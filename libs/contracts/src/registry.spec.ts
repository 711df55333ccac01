import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  CaseApprovedV1,
  createEvent,
  defineEvent,
  EventEnvelope,
  EventParseError,
  HouseholdRegisteredV1,
  HouseholdRegisteredV1Payload,
  parseEvent,
  PaymentIssuedV1,
  toKafkaRecord,
} from './index';

const origin = { source: '/civic/social-assistance' };
/** A wire copy of an event whose data the test may then break. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON is mutated freely here
const wire = <T extends object>(event: EventEnvelope<T>): Record<string, any> => JSON.parse(JSON.stringify(event));
const household = () => wire(createEvent(HouseholdRegisteredV1, HouseholdRegisteredV1.example, origin));

function refusal(input: unknown): EventParseError {
  const result = parseEvent(input);
  if (result.ok) throw new Error('expected the event to be refused');
  return result.error;
}

describe('parseEvent', () => {
  it('returns the typed payload as an instance of its class', () => {
    const result = parseEvent<HouseholdRegisteredV1Payload>(household());
    expect(result.ok && result.event.data).toBeInstanceOf(HouseholdRegisteredV1Payload);
    expect(result.ok && result.event.data.members[1].schooling).toBe('middle');
  });

  it('refuses a type that is not in the catalog as unknown-type', () => {
    expect(refusal({ ...household(), type: 'assistance.case.teleported' })).toMatchObject({
      reason: 'unknown-type',
      field: 'type',
    });
  });

  it('refuses a known type at an unknown version as unknown-version and names the known ones', () => {
    const error = refusal({ ...household(), dataversion: 7 });
    expect(error).toMatchObject({ reason: 'unknown-version', field: 'dataversion' });
    expect(error.message).toContain('v1');
  });

  it.each([
    ['specversion', { specversion: '0.3' }],
    ['id', { id: '' }],
    ['time', { time: 'yesterday' }],
    ['dataversion', { dataversion: '1' }],
    ['data', { data: [] }],
  ])('refuses a broken envelope attribute %s as invalid-envelope', (field, patch) => {
    expect(refusal({ ...household(), ...patch })).toMatchObject({ reason: 'invalid-envelope', field });
  });

  it('refuses non-objects as invalid-envelope', () => {
    expect(refusal('{"specversion":"1.0"}')).toMatchObject({ reason: 'invalid-envelope', field: '$' });
    expect(refusal(null)).toMatchObject({ reason: 'invalid-envelope' });
  });

  it('names a missing payload field as data.<field>', () => {
    const event = household();
    delete event.data.perCapitaMonthlyIncomeFen;
    expect(refusal(event)).toMatchObject({ reason: 'invalid-payload', field: 'data.perCapitaMonthlyIncomeFen' });
  });

  it('names an invalid field inside a nested list by its full path', () => {
    const event = household();
    event.data.members[1].maskedId = '442000*******0026';
    expect(refusal(event)).toMatchObject({ reason: 'invalid-payload', field: 'data.members.1.maskedId' });
  });

  it('names an invalid field inside a nested object by its full path', () => {
    const event = household();
    event.data.assets.financialAssetsFen = 100.5;
    expect(refusal(event)).toMatchObject({ reason: 'invalid-payload', field: 'data.assets.financialAssetsFen' });
  });

  it('refuses money that is not integer fen', () => {
    const event = wire(createEvent(PaymentIssuedV1, PaymentIssuedV1.example, origin));
    for (const bad of [1900.5, -1, '190000']) {
      expect(refusal({ ...event, data: { ...event.data, amountFen: bad } })).toMatchObject({
        reason: 'invalid-payload',
        field: 'data.amountFen',
      });
    }
  });

  it('refuses a date that does not exist on the calendar', () => {
    const event = wire(createEvent(CaseApprovedV1, CaseApprovedV1.example, origin));
    expect(refusal({ ...event, data: { ...event.data, effectiveFrom: '2024-02-30' } })).toMatchObject({
      field: 'data.effectiveFrom',
    });
  });

  it('ignores unknown extra fields at every level and strips them from the payload', () => {
    const event = household();
    event.data.futureField = 'x';
    event.data.members[0].shoeSize = 42;
    event.data.assets.yacht = true;
    event.extensionwedonotknow = 'y';
    const result = parseEvent<HouseholdRegisteredV1Payload>(event);
    if (!result.ok) throw new Error(String(result.error));
    expect(result.event.data).not.toHaveProperty('futureField');
    expect(result.event.data.members[0]).not.toHaveProperty('shoeSize');
    expect(result.event.data.assets).not.toHaveProperty('yacht');
    expect(result.event).not.toHaveProperty('extensionwedonotknow');
  });

  it('gives a payload the same verdict and data as class-validator (compiled fast path), an unknown field stripped', () => {
    const event = wire(createEvent(PaymentIssuedV1, PaymentIssuedV1.example, origin));
    const slow = (data: object) => {
      const instance = plainToInstance(PaymentIssuedV1.payload, data) as object;
      return { errors: validateSync(instance, { whitelist: true, forbidUnknownValues: false }).length, instance };
    };
    const accepted = parseEvent(event);
    if (!accepted.ok) throw new Error(String(accepted.error));
    expect(accepted.event.data).toBeInstanceOf(PaymentIssuedV1.payload);
    expect(accepted.event.data).toEqual(slow(event.data).instance);
    const extra = parseEvent({ ...event, data: { ...event.data, futureField: 'x' } });
    expect(extra.ok && extra.event.data).not.toHaveProperty('futureField');
    for (const [field, bad] of Object.entries({ amountFen: 0.5, runMonth: '2025-13', caseId: 7 })) {
      const data = { ...event.data, [field]: bad };
      expect(slow(data).errors).toBeGreaterThan(0);
      expect(refusal({ ...event, data })).toMatchObject({ reason: 'invalid-payload', field: `data.${field}` });
    }
  });

  it('refuses a raw resident ID number hidden in free text, naming the field but not the number', () => {
    const event = wire(createEvent(CaseApprovedV1, CaseApprovedV1.example, origin));
    const error = refusal({
      ...event,
      data: { ...event.data, actor: { userId: 'u-1', duty: 'approver' }, note: 'applicant 11010519491231002X' },
    });
    expect(error).toMatchObject({ reason: 'invalid-payload', field: 'data.note' });
    expect(error.toString()).not.toContain('11010519491231002X');
  });

  it('refuses an envelope whose subject is not the aggregate id of its payload', () => {
    expect(refusal({ ...household(), subject: 'hh-someone-else' })).toMatchObject({
      reason: 'invalid-envelope',
      field: 'subject',
    });
  });
});

describe('createEvent', () => {
  it('takes the subject from the aggregate id and fills the envelope', () => {
    const event = createEvent(CaseApprovedV1, CaseApprovedV1.example, { ...origin, causationId: 'evt-1' });
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'assistance.case.approved',
      dataversion: 1,
      subject: CaseApprovedV1.example.caseId,
      datacontenttype: 'application/json',
      correlationid: 'evt-1',
      causationid: 'evt-1',
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a subject other than the aggregate id', () => {
    expect(() => createEvent(CaseApprovedV1, CaseApprovedV1.example, { ...origin, subject: 'case-other' })).toThrow(
      /subject must be data.caseId/,
    );
  });

  it('refuses an invalid payload naming the field', () => {
    expect(() => createEvent(CaseApprovedV1, { ...CaseApprovedV1.example, monthlyAmountFen: 12.5 }, origin)).toThrow(
      /monthlyAmountFen/,
    );
  });

  it('refuses a raw resident ID number in any field without echoing it', () => {
    const attempt = () =>
      createEvent(CaseApprovedV1, { ...CaseApprovedV1.example, caseId: 'case-11010519491231002X' }, origin);
    expect(attempt).toThrow(/caseId holds a raw resident ID number/);
    expect(attempt).not.toThrow(/11010519491231002X/);
  });
});

describe('defineEvent', () => {
  it('refuses a second definition of the same type and version', () => {
    expect(() => defineEvent({ ...CaseApprovedV1 })).toThrow(/defined twice/);
  });

  it('refuses a type name outside <department>.<aggregate>.<fact>', () => {
    expect(() => defineEvent({ ...CaseApprovedV1, type: 'assistance.caseApproved' })).toThrow(/kebab-case/);
  });

  it("refuses a topic outside the type's department", () => {
    expect(() =>
      defineEvent({ ...CaseApprovedV1, type: 'assistance.case.approved-elsewhere', topic: 'eldercare.elder' }),
    ).toThrow(/outside its department/);
  });
});

describe('toKafkaRecord', () => {
  it('keys the record by the aggregate id and carries the CloudEvent as the value', () => {
    const event = createEvent(CaseApprovedV1, CaseApprovedV1.example, origin);
    const record = toKafkaRecord(event, CaseApprovedV1.topic);
    expect(record).toMatchObject({ topic: 'assistance.case', key: CaseApprovedV1.example.caseId });
    expect(record.headers).toMatchObject({ ce_type: 'assistance.case.approved', ce_dataversion: '1', ce_id: event.id });
    expect(parseEvent(JSON.parse(record.value)).ok).toBe(true);
  });
});
