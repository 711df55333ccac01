import { mapNotifyEvent, notifyFieldOf, vitalEventKey } from './crvs-notify.mapper';

describe('CRVS notify mapping', () => {
  it('normalises DCI vital event type spellings', () => {
    expect(vitalEventKey('spdci-common:RegistryEventType:LiveBirth')).toBe('livebirth');
    expect(vitalEventKey('event:live_birth')).toBe('livebirth');
    expect(vitalEventKey('DEATH')).toBe('death');
  });

  it('maps a death with the identifier, date and status extension', () => {
    const m = mapNotifyEvent({
      reference_id: 'crvs-d-1',
      timestamp: '2026-01-01T00:00:00Z',
      data: {
        reg_event_type: 'event:death',
        reg_record_type: 'CRVSPerson',
        reg_records: {
          identifier: [{ identifier_type: 'RESIDENT_ID', identifier_value: 'X' }],
          deathDate: '2024-06-28',
          death_status: 'informal',
        },
      },
    });
    expect(m).toEqual({
      ok: true,
      record: {
        recordId: 'crvs-d-1',
        idNumber: 'X',
        recordType: 'death',
        data: { deathDate: '2024-06-28', status: 'informal' },
      },
    });
  });

  it('maps a live birth with parents and gender', () => {
    const m = mapNotifyEvent({
      reference_id: 'b',
      data: {
        reg_event_type: 'LIVE_BIRTH',
        reg_records: {
          identifier: { identifier_type: 'UIN', identifier_value: 'C' },
          birthDate: '2024-03-02',
          gender: 'F',
          town: '442000100',
          parents: [{ relation: 'mother', identifier: [{ identifier_type: 'UIN', identifier_value: 'M' }] }],
        },
      },
    });
    expect(m.ok && m.record).toMatchObject({
      recordType: 'birth',
      idNumber: 'C',
      data: { sex: 'female', motherIdNumber: 'M', town: '442000100' },
    });
  });

  it('refuses fetal deaths and unknown event types', () => {
    expect(
      mapNotifyEvent({ reference_id: 'f', data: { reg_event_type: 'event:fetal_death', reg_records: {} } }),
    ).toMatchObject({ ok: false, rule: 'isSupportedVitalEvent' });
  });

  it('names record fields in the notify vocabulary', () => {
    expect(notifyFieldOf('data.deathDate')).toBe('data.reg_records.deathDate');
    expect(notifyFieldOf('idNumber')).toBe('data.reg_records.identifier');
  });
});
