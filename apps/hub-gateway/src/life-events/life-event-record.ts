import {
  AbsenceEndedV1,
  AbsenceRecordedV1,
  BirthRegisteredV1,
  DeathRecordedV1,
  DisabilityCertifiedV1,
  ENTITY_ID_PATTERN,
  EventDefinition,
  EventEnvelope,
  EventOrigin,
  findRawResidentId,
  HospitalBillSettledV1,
  HukouMovedV1,
  ImprisonedV1,
  IsDateOnly,
  ReleasedV1,
  SchoolEnrolledV1,
  UnemploymentRegisteredV1,
} from '@civic/contracts';
import { residentIdRule, ResidentIdRuleReason } from '@civic/identity';
import { FieldError } from '@civic/platform';
import { contractPayloadErrors, contractPayloadEvent, decoratorErrors } from './record-payload.validator';

// One life-event record as senders submit it (REST batch, CSV rows and mapped DCI notify events):
//   { recordId, recordType, idNumber, data: { ...the contract payload's own fields } }
// recordId, personRef and maskedId of the contract payload are set by the gateway; birth records
// may name the parents by ID number (data.motherIdNumber / data.fatherIdNumber), which become
// personRefs too.

/** Record types with a contract event (libs/contracts hub/life-event.events.ts). */
export const EVENT_OF_RECORD_TYPE = {
  death: DeathRecordedV1,
  birth: BirthRegisteredV1,
  'disability-certification': DisabilityCertifiedV1,
  'hospital-bill': HospitalBillSettledV1,
  'unemployment-registration': UnemploymentRegisteredV1,
  'hukou-move': HukouMovedV1,
  imprisonment: ImprisonedV1,
  release: ReleasedV1,
  // any absence from the family's care (data.reason: imprisonment, compulsory-rehabilitation,
  // missing, deportation); imprisonment/release above stay for senders that use them
  absence: AbsenceRecordedV1,
  'absence-end': AbsenceEndedV1,
  'school-enrolment': SchoolEnrolledV1,
} as const;

/**
 * CRVS vital events the contracts have no event type for yet: accepted and kept (hub_record), so
 * nothing the registry sent is lost, but not published until libs/contracts defines them.
 */
export const RECORD_TYPES_WITHOUT_EVENT = ['marriage', 'divorce', 'adoption'] as const;

export const RECORD_TYPES = [...Object.keys(EVENT_OF_RECORD_TYPE), ...RECORD_TYPES_WITHOUT_EVENT] as readonly string[];
export type RecordType = keyof typeof EVENT_OF_RECORD_TYPE | (typeof RECORD_TYPES_WITHOUT_EVENT)[number];

/** The payload of a vital event without a contract event: its date only (the person is the subject). */
class VitalEventWithoutContract {
  @IsDateOnly() eventDate: string;
}

/** A record that passed validation, with its raw numbers still inside (they never leave the gateway). */
export interface ValidRecord {
  recordId: string;
  recordType: RecordType;
  idNumber: string;
  motherIdNumber?: string;
  fatherIdNumber?: string;
  /** The payload's own fields (without recordId, personRef, maskedId and parents' refs). */
  data: Record<string, unknown>;
}

export type RecordCheck =
  | {
      ok: true;
      record: ValidRecord;
      /** With RecordEvents: the payload as stored and published (personRefs and masked ID set). */
      payload?: Record<string, unknown>;
      /** With RecordEvents, for a record type with a contract event: the event, built by the check itself. */
      event?: EventEnvelope;
    }
  | { ok: false; recordId?: string; errors: FieldError[] };

/**
 * Asks checkRecord to validate a record's payload with its real personRefs and to return its
 * event from that same validation (one createEvent per record; the bulk import's path).
 */
export interface RecordEvents {
  /** personRef and masked form of a validated number. */
  identify: (number: string) => { personRef: string; maskedId: string };
  /** The event's origin (its id chosen by the caller). */
  origin: () => EventOrigin;
}

/** What identity checks need: a validated, normalised number or the reason it is not one. */
export type ParseId = (
  raw: unknown,
) => { ok: true; number: string } | { ok: false; reason: ResidentIdRuleReason; message: string };

const RESERVED = ['recordId', 'personRef', 'maskedId', 'motherPersonRef', 'fatherPersonRef'];
// stand-ins so the contract class can be validated before personRefs exist; never emitted
const PLACEHOLDER_REF = 'placeholder:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const PLACEHOLDER_MASK = '000000********0000';

/** Validates one record on its own; errors name the field relative to the record (`data.deathDate`). */
export function checkRecord(input: unknown, parseId: ParseId, events?: RecordEvents): RecordCheck {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    return {
      ok: false,
      errors: [{ field: '(record)', rule: 'isObject', message: 'each record must be a JSON object' }],
    };
  const r = input as Record<string, unknown>;
  const recordId = typeof r.recordId === 'string' && ENTITY_ID_PATTERN.test(r.recordId) ? r.recordId : undefined;
  const errors: FieldError[] = [];
  if (!recordId)
    errors.push({
      field: 'recordId',
      rule: 'isEntityId',
      message: 'recordId must be an id of 1-64 letters, digits, ".", "_", ":" or "-"',
    });
  for (const key of Object.keys(r)) {
    if (!['recordId', 'recordType', 'idNumber', 'data'].includes(key))
      errors.push({ field: key, rule: 'whitelistValidation', message: `property ${key} should not exist` });
  }
  const recordType = r.recordType as RecordType;
  if (typeof r.recordType !== 'string' || !RECORD_TYPES.includes(r.recordType)) {
    errors.push({
      field: 'recordType',
      rule: 'isIn',
      message: `recordType must be one of: ${RECORD_TYPES.join(', ')}`,
    });
  }
  const id = parseId(r.idNumber);
  if (!id.ok) errors.push({ field: 'idNumber', rule: residentIdRule(id.reason), message: `idNumber ${id.message}` });
  const data = r.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    errors.push({ field: 'data', rule: 'isObject', message: 'data must be a JSON object' });
    return { ok: false, recordId, errors };
  }
  const d = { ...(data as Record<string, unknown>) };
  for (const key of RESERVED) {
    if (key in d)
      errors.push({
        field: `data.${key}`,
        rule: 'setByGateway',
        message: `data.${key} is set by the gateway from the record; do not send it`,
      });
  }
  const parents: Partial<Record<'motherIdNumber' | 'fatherIdNumber', string>> = {};
  for (const key of ['motherIdNumber', 'fatherIdNumber'] as const) {
    if (!(key in d)) continue;
    const parent = parseId(d[key]);
    if (recordType !== 'birth')
      errors.push({
        field: `data.${key}`,
        rule: 'whitelistValidation',
        message: `data.${key} is only for birth records`,
      });
    else if (!parent.ok)
      errors.push({
        field: `data.${key}`,
        rule: residentIdRule(parent.reason),
        message: `data.${key} ${parent.message}`,
      });
    else parents[key] = parent.number;
    delete d[key];
  }
  const leak = findRawResidentId(d);
  if (leak !== undefined)
    errors.push({
      field: `data.${leak}`,
      rule: 'noRawIdNumber',
      message: `data.${leak} holds a resident ID number; only idNumber (and a birth's parents) may`,
    });
  if (events && !errors.length && id.ok && recordId) {
    // every other rule passed: the refs are worth computing, and the contract check is the event's own
    const person = events.identify(id.number);
    const payload: Record<string, unknown> = { recordId, personRef: person.personRef, maskedId: person.maskedId, ...d };
    if (parents.motherIdNumber) payload.motherPersonRef = events.identify(parents.motherIdNumber).personRef;
    if (parents.fatherIdNumber) payload.fatherPersonRef = events.identify(parents.fatherIdNumber).personRef;
    const checked = payloadEvent(recordType, d, payload, events.origin);
    if (checked.errors.length) return { ok: false, recordId, errors: checked.errors };
    const record = { recordId, recordType, idNumber: id.number, ...parents, data: d };
    return { ok: true, record, payload, ...(checked.event ? { event: checked.event } : {}) };
  }
  if (RECORD_TYPES.includes(recordType)) errors.push(...payloadErrors(recordType, d, parents));
  if (errors.length || !id.ok || !recordId) return { ok: false, recordId, errors };
  return { ok: true, record: { recordId, recordType, idNumber: id.number, ...parents, data: d } };
}

/** payloadErrors of the real payload, with the event from the same check for a type that has one. */
function payloadEvent(
  recordType: RecordType,
  data: Record<string, unknown>,
  payload: Record<string, unknown>,
  origin: () => EventOrigin,
): { errors: FieldError[]; event?: EventEnvelope } {
  if ((RECORD_TYPES_WITHOUT_EVENT as readonly string[]).includes(recordType))
    return { errors: decoratorErrors(VitalEventWithoutContract, data) };
  const def = EVENT_OF_RECORD_TYPE[recordType as keyof typeof EVENT_OF_RECORD_TYPE] as EventDefinition;
  const checked = contractPayloadEvent(def, payload, origin());
  const errors = [...checked.errors, ...deathRuleErrors(recordType, data)];
  return errors.length ? { errors } : checked;
}

function payloadErrors(
  recordType: RecordType,
  data: Record<string, unknown>,
  parents: Record<string, string>,
): FieldError[] {
  if ((RECORD_TYPES_WITHOUT_EVENT as readonly string[]).includes(recordType)) {
    return decoratorErrors(VitalEventWithoutContract, data);
  }
  const def = EVENT_OF_RECORD_TYPE[recordType as keyof typeof EVENT_OF_RECORD_TYPE];
  const payload = {
    ...data,
    recordId: 'placeholder',
    personRef: PLACEHOLDER_REF,
    maskedId: PLACEHOLDER_MASK,
    ...(parents.motherIdNumber ? { motherPersonRef: PLACEHOLDER_REF } : {}),
    ...(parents.fatherIdNumber ? { fatherPersonRef: PLACEHOLDER_REF } : {}),
  };
  return [...contractPayloadErrors(def as EventDefinition, payload), ...deathRuleErrors(recordType, data)];
}

function deathRuleErrors(recordType: RecordType, data: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  if (recordType === 'death') {
    // a revocation names what it revokes; a report or certificate does not (docs/domain.md: a revoked death undoes its effects)
    if (data.status === 'revoked' && data.revokesRecordId === undefined)
      errors.push({
        field: 'data.revokesRecordId',
        rule: 'requiredWhenRevoked',
        message: 'data.revokesRecordId is required when status is revoked',
      });
    if (data.status !== 'revoked' && data.revokesRecordId !== undefined)
      errors.push({
        field: 'data.revokesRecordId',
        rule: 'onlyWhenRevoked',
        message: 'data.revokesRecordId is only for status revoked',
      });
  }
  return errors;
}
