// Maps DCI CRVS notify events (NotifyEventRequest.notify_event[]) to life-event records.
// reg_records follows the DCI CRVSPerson vocabulary (birthDate, deathDate, gender, marriageDate,
// divorceDate, parents) with `identifier` as in the DCI Identifier object. What DCI leaves to the
// implementation, this gateway reads as extension attributes of reg_records, agreed with the
// registry at onboarding: `death_status` (informal | formal | revoked; default formal, a registered
// death being a certified one), `revokes_reference_id`, `town` (9-digit town code of a birth) and
// `adoptionDate`.

const ID_TYPES = ['RESIDENT_ID', 'UIN', 'NATIONAL_ID', 'NIN'];

/** The record, or the reason the event cannot become one. */
export type MappedNotify =
  | { ok: true; record: Record<string, unknown> }
  | { ok: false; recordId?: string; field: string; rule: string; message: string };

/** `spdci-common:RegistryEventType:LiveBirth`, `event:live_birth`, `LIVE_BIRTH` → `livebirth`. */
export function vitalEventKey(value: unknown): string {
  if (typeof value !== 'string') return '';
  return (value.split(':').pop() ?? '').replace(/[_\s-]/g, '').toLowerCase();
}

function identifierOf(person: unknown): unknown {
  if (!person || typeof person !== 'object') return undefined;
  const raw = (person as Record<string, unknown>).identifier;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const found = list.find(
    (i) =>
      i &&
      typeof i === 'object' &&
      ID_TYPES.includes(String((i as Record<string, unknown>).identifier_type).toUpperCase()),
  );
  return found ? (found as Record<string, unknown>).identifier_value : undefined;
}

function sexOf(gender: unknown): unknown {
  const g = typeof gender === 'string' ? gender.toLowerCase() : gender;
  return g === 'm' ? 'male' : g === 'f' ? 'female' : g;
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** One notify_event item → a record for checkRecord. */
export function mapNotifyEvent(item: unknown): MappedNotify {
  if (!item || typeof item !== 'object')
    return { ok: false, field: '(event)', rule: 'isObject', message: 'each notify_event item must be an object' };
  const e = item as Record<string, unknown>;
  const recordId = typeof e.reference_id === 'string' ? e.reference_id : undefined;
  const data = (e.data ?? {}) as Record<string, unknown>;
  const p = (data.reg_records ?? {}) as Record<string, unknown>;
  if (typeof p !== 'object' || Array.isArray(p))
    return {
      ok: false,
      recordId,
      field: 'data.reg_records',
      rule: 'isObject',
      message: 'data.reg_records must be one CRVSPerson object',
    };
  const idNumber = identifierOf(p);
  const kind = vitalEventKey(data.reg_event_type);
  const base = { recordId: e.reference_id, idNumber };
  switch (kind) {
    case 'livebirth':
    case 'birth': {
      const parents = Array.isArray(p.parents) ? (p.parents as Record<string, unknown>[]) : [];
      const parent = (role: string) =>
        identifierOf(parents.find((x) => x && String(x.relation ?? x.role ?? '').toLowerCase() === role));
      return {
        ok: true,
        record: {
          ...base,
          recordType: 'birth',
          data: defined({
            birthDate: p.birthDate,
            sex: sexOf(p.gender ?? p.sex),
            town: p.town,
            motherIdNumber: parent('mother'),
            fatherIdNumber: parent('father'),
          }),
        },
      };
    }
    case 'death':
      return {
        ok: true,
        record: {
          ...base,
          recordType: 'death',
          data: defined({
            deathDate: p.deathDate,
            status: p.death_status ?? 'formal',
            revokesRecordId: p.revokes_reference_id,
          }),
        },
      };
    case 'marriage':
      return { ok: true, record: { ...base, recordType: 'marriage', data: defined({ eventDate: p.marriageDate }) } };
    case 'divorce':
      return { ok: true, record: { ...base, recordType: 'divorce', data: defined({ eventDate: p.divorceDate }) } };
    case 'adoption':
      return { ok: true, record: { ...base, recordType: 'adoption', data: defined({ eventDate: p.adoptionDate }) } };
    default:
      // fetal death has no person with an ID number; anything else is not a vital event
      return {
        ok: false,
        recordId,
        field: 'data.reg_event_type',
        rule: 'isSupportedVitalEvent',
        message: 'data.reg_event_type must be live_birth, death, marriage, divorce or adoption',
      };
  }
}

/** Where a record's field is in the notify item, for error messages in the sender's terms. */
export function notifyFieldOf(recordField: string): string {
  const names: Record<string, string> = {
    recordId: 'reference_id',
    idNumber: 'data.reg_records.identifier',
    'data.sex': 'data.reg_records.gender',
    'data.status': 'data.reg_records.death_status',
    'data.revokesRecordId': 'data.reg_records.revokes_reference_id',
    'data.motherIdNumber': 'data.reg_records.parents',
    'data.fatherIdNumber': 'data.reg_records.parents',
  };
  return names[recordField] ?? recordField.replace(/^data\./, 'data.reg_records.');
}
