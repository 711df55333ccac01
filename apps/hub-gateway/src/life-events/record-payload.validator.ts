import { createEvent, EventDefinition, EventEnvelope, EventOrigin, Sources } from '@civic/contracts';
import { FieldError, fieldErrors } from '@civic/platform';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';

// class-transformer + class-validator cost ~300-500 µs per record, most of a bulk row's time.
// createEvent validates payloads with the compiled ajv validator of @civic/contracts (same
// verdicts as the decorators, payload-schema.validator.spec.ts there), so a payload that
// createEvent accepts and that holds only decorated fields is one the decorators accept. Only a
// refused payload goes through class-validator, which names every field and rule exactly as
// before. (libs/contracts does not export payloadValidatorOf; with it the envelope would go.)

type Ctor = new () => object;
const whitelists = new WeakMap<Ctor, Set<string>>();
const CHECK_ORIGIN = { source: Sources.hub, id: 'record-check', correlationId: 'record-check', time: new Date(0) };

// class-validator's whitelist: a property with any decorator (IsOptional included) is allowed
function whitelistOf(cls: Ctor): Set<string> {
  let allowed = whitelists.get(cls);
  if (!allowed) {
    allowed = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(cls, '', true, false)
        .map((m) => m.propertyName),
    );
    whitelists.set(cls, allowed);
  }
  return allowed;
}

function onlyDecoratedFields(def: EventDefinition, payload: Record<string, unknown>): boolean {
  const allowed = whitelistOf(def.payload);
  for (const key in payload) if (!allowed.has(key)) return false;
  return true;
}

function acceptedByContract(def: EventDefinition, payload: Record<string, unknown>): boolean {
  if (!onlyDecoratedFields(def, payload)) return false;
  try {
    createEvent(def, payload, CHECK_ORIGIN);
    return true;
  } catch {
    return false;
  }
}

/** Every rule a payload breaks, fields prefixed `data.`, as class-validator (whitelist, forbidNonWhitelisted) reports them. */
export function decoratorErrors(cls: Ctor, payload: Record<string, unknown>): FieldError[] {
  const errors = validateSync(plainToInstance(cls, payload) as object, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
  });
  return fieldErrors(errors).map((e) => ({
    ...e,
    field: `data.${e.field}`,
    message: e.message.startsWith('data.') ? e.message : `data.${e.message}`,
  }));
}

/** decoratorErrors of a contract event's payload, answered by the compiled validator when the payload is valid. */
export function contractPayloadErrors(def: EventDefinition, payload: Record<string, unknown>): FieldError[] {
  return acceptedByContract(def, payload) ? [] : decoratorErrors(def.payload, payload);
}

/**
 * contractPayloadErrors of the payload the event will carry, and when there are none its event,
 * from the same createEvent call: the schema check and the raw-ID guard run once per record, not
 * once on a stand-in and again on the real payload (a bulk import row's largest CPU step after
 * the crypto, docs/benchmarks.md "Hub bulk import"). A payload the decorators accept but
 * createEvent refuses is a gateway bug: createEvent's error is thrown, as building the event would.
 */
export function contractPayloadEvent(
  def: EventDefinition,
  payload: Record<string, unknown>,
  origin: EventOrigin,
): { errors: FieldError[]; event?: EventEnvelope } {
  let refusal: unknown;
  if (onlyDecoratedFields(def, payload)) {
    try {
      return { errors: [], event: createEvent(def, payload, origin) };
    } catch (e) {
      refusal = e;
    }
  }
  const errors = decoratorErrors(def.payload, payload);
  if (errors.length) return { errors };
  if (refusal) throw refusal;
  // the whitelist refused a field the decorators allow (never, see whitelistOf): createEvent decides
  return { errors: [], event: createEvent(def, payload, origin) };
}
