import { randomBytes } from 'node:crypto';
import { createPersonRefs, mask, parseResidentId } from '@civic/identity';
import { Sources } from '@civic/contracts';
import { checkRecord, ParseId, RecordEvents } from './life-event-record';

const parseId: ParseId = (raw) => {
  if (typeof raw !== 'string') return { ok: false, reason: 'type', message: 'must be a string' };
  const r = parseResidentId(raw);
  return r.ok ? { ok: true, number: r.id.number } : { ok: false, reason: r.reason, message: r.message };
};
const ID = '11010519491231002X';

describe('checkRecord', () => {
  it('accepts a valid hospital bill', () => {
    const r = checkRecord(
      {
        recordId: 'bill-1',
        recordType: 'hospital-bill',
        idNumber: ID,
        data: { billDate: '2024-05-15', totalFen: 100, insurancePaidFen: 60, selfPaidFen: 40, inpatient: true },
      },
      parseId,
    );
    expect(r).toEqual({ ok: true, record: expect.objectContaining({ recordId: 'bill-1', idNumber: ID }) });
  });

  it('names each bad field and its rule', () => {
    const r = checkRecord(
      {
        recordId: 'bill-2',
        recordType: 'hospital-bill',
        idNumber: '110105194912310021',
        data: { billDate: '2024-02-30', totalFen: 1.5, insurancePaidFen: 0, selfPaidFen: 0, inpatient: true },
      },
      parseId,
    );
    expect(r.ok).toBe(false);
    const fields = !r.ok ? r.errors.map((e) => `${e.field}:${e.rule}`) : [];
    expect(fields).toEqual(
      expect.arrayContaining(['idNumber:resident-id.checksum', 'data.billDate:isCalendarDate', 'data.totalFen:isInt']),
    );
    expect(JSON.stringify(r)).not.toContain('110105194912310021');
  });

  it('refuses fields the gateway sets, unknown fields, and raw ID numbers in other fields', () => {
    const r = checkRecord(
      {
        recordId: 'x',
        recordType: 'school-enrolment',
        idNumber: ID,
        extra: 1,
        data: { personRef: 'k:abc', level: 'high', school: `School ${ID}`, enrolledOn: '2024-09-01' },
      },
      parseId,
    );
    const rules = !r.ok ? r.errors.map((e) => `${e.field}:${e.rule}`) : [];
    expect(rules).toEqual(
      expect.arrayContaining(['extra:whitelistValidation', 'data.personRef:setByGateway', 'data.school:noRawIdNumber']),
    );
  });

  it('requires revokesRecordId exactly when a death is revoked', () => {
    const base = { recordId: 'd-2', recordType: 'death', idNumber: ID };
    const revokedWithout = checkRecord({ ...base, data: { deathDate: '2024-06-28', status: 'revoked' } }, parseId);
    expect(!revokedWithout.ok && revokedWithout.errors[0].rule).toBe('requiredWhenRevoked');
    const formalWith = checkRecord(
      { ...base, data: { deathDate: '2024-06-28', status: 'formal', revokesRecordId: 'd-1' } },
      parseId,
    );
    expect(!formalWith.ok && formalWith.errors[0].rule).toBe('onlyWhenRevoked');
    expect(
      checkRecord({ ...base, data: { deathDate: '2024-06-28', status: 'revoked', revokesRecordId: 'd-1' } }, parseId)
        .ok,
    ).toBe(true);
  });

  it('takes parents of a birth by ID number and validates them', () => {
    const ok = checkRecord(
      {
        recordId: 'b-1',
        recordType: 'birth',
        idNumber: ID,
        data: { birthDate: '2024-03-02', sex: 'female', town: '442000100', motherIdNumber: ID },
      },
      parseId,
    );
    expect(ok.ok && ok.record.motherIdNumber).toBe(ID);
    expect(ok.ok && 'motherIdNumber' in ok.record.data).toBe(false);
    const bad = checkRecord(
      {
        recordId: 'b-2',
        recordType: 'birth',
        idNumber: ID,
        data: { birthDate: '2024-03-02', sex: 'female', town: '442000100', fatherIdNumber: 'nope' },
      },
      parseId,
    );
    expect(!bad.ok && bad.errors[0].field).toBe('data.fatherIdNumber');
  });

  it('accepts vital events without a contract event by their date', () => {
    expect(
      checkRecord({ recordId: 'm-1', recordType: 'marriage', idNumber: ID, data: { eventDate: '2024-05-20' } }, parseId)
        .ok,
    ).toBe(true);
  });

  it.each(['imprisonment', 'compulsory-rehabilitation', 'missing', 'deportation'])(
    'records an absence for reason %s, and its end',
    (reason) => {
      const absence = {
        recordId: 'a-1',
        recordType: 'absence',
        idNumber: ID,
        data: { reason, fromDate: '2024-04-15' },
      };
      expect(checkRecord(absence, parseId)).toMatchObject({ ok: true, record: { data: { reason } } });
      const end = { recordId: 'a-2', recordType: 'absence-end', idNumber: ID, data: { reason, endedOn: '2025-01-10' } };
      expect(checkRecord(end, parseId).ok).toBe(true);
    },
  );

  it('names an unknown absence reason and a missing start date', () => {
    const r = checkRecord(
      { recordId: 'a-3', recordType: 'absence', idNumber: ID, data: { reason: 'travelling' } },
      parseId,
    );
    const fields = !r.ok ? r.errors.map((e) => `${e.field}:${e.rule}`) : [];
    expect(fields).toEqual(expect.arrayContaining(['data.reason:isIn', 'data.fromDate:isCalendarDate']));
    expect(fields.every((f) => f.startsWith('data.reason:') || f.startsWith('data.fromDate:'))).toBe(true);
  });

  describe('with RecordEvents (one contract check per record, the bulk import)', () => {
    const refs = createPersonRefs({ current: 'k1', keys: { k1: randomBytes(32).toString('hex') } });
    const events: RecordEvents = {
      identify: (n) => ({ personRef: refs.ref(n), maskedId: mask(n) }),
      origin: () => ({ source: Sources.hub, correlationId: 'bulk:t', id: '3b0b7e3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c' }),
    };
    const records: Record<string, unknown>[] = [
      {
        recordId: 'bill-1',
        recordType: 'hospital-bill',
        idNumber: ID,
        data: { billDate: '2024-05-15', totalFen: 100, insurancePaidFen: 60, selfPaidFen: 40, inpatient: true },
      },
      {
        recordId: 'bill-2',
        recordType: 'hospital-bill',
        idNumber: ID,
        data: { billDate: '2024-02-30', totalFen: 1.5, insurancePaidFen: 0, selfPaidFen: 0, inpatient: true },
      },
      { recordId: 'bill-3', recordType: 'hospital-bill', idNumber: ID, data: { billDate: '2024-05-15', ward: 'x' } },
      { recordId: 'd-2', recordType: 'death', idNumber: ID, data: { deathDate: '2024-06-28', status: 'revoked' } },
      {
        recordId: 'd-3',
        recordType: 'death',
        idNumber: ID,
        data: { deathDate: '2024-06-28', status: 'formal', revokesRecordId: 'd-1' },
      },
      {
        recordId: 'b-1',
        recordType: 'birth',
        idNumber: ID,
        data: { birthDate: '2024-03-02', sex: 'female', town: '442000100', motherIdNumber: '440200194912310011' },
      },
      { recordId: 'm-1', recordType: 'marriage', idNumber: ID, data: { eventDate: '2024-05-20' } },
      { recordId: 'm-2', recordType: 'marriage', idNumber: ID, data: { eventDate: '2024-05-32' } },
      { recordId: 'a-3', recordType: 'absence', idNumber: ID, data: { reason: 'travelling' } },
    ];

    it.each(records.map((r) => [r.recordId, r]))('%s: the same verdict and errors as without', (_id, record) => {
      const plain = checkRecord(record, parseId);
      const withEvents = checkRecord(record, parseId, events);
      expect(withEvents.ok).toBe(plain.ok);
      if (!plain.ok && !withEvents.ok) expect(withEvents.errors).toEqual(plain.errors);
      if (plain.ok && withEvents.ok) expect(withEvents.record).toEqual(plain.record);
    });

    it('returns the payload with its personRefs and, for a type with a contract event, its event', () => {
      const birth = checkRecord(records[5], parseId, events);
      if (!birth.ok) throw new Error('expected a valid birth');
      expect(birth.payload).toEqual({
        recordId: 'b-1',
        personRef: refs.ref(ID),
        maskedId: mask(ID),
        birthDate: '2024-03-02',
        sex: 'female',
        town: '442000100',
        motherPersonRef: refs.ref('440200194912310011'),
      });
      expect(birth.event).toMatchObject({
        id: '3b0b7e3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c',
        type: 'hub.person.birth-registered',
        correlationid: 'bulk:t',
        data: birth.payload,
      });
      const marriage = checkRecord(records[6], parseId, events);
      expect(marriage).toMatchObject({ ok: true, payload: { recordId: 'm-1', personRef: refs.ref(ID) } });
      expect(marriage.ok && marriage.event).toBeUndefined();
    });

    it('throws when createEvent refuses a payload the decorators accept (a gateway bug, as building the event would)', () => {
      const wrongSource: RecordEvents = {
        ...events,
        origin: () => ({ ...events.origin(), source: Sources.assistance }),
      };
      expect(() => checkRecord(records[0], parseId, wrongSource)).toThrow(/is published by/);
    });
  });
});
