import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { length } from 'class-validator';
import { jsonSchemaOf, JsonSchema } from './asyncapi/json-schema';
import { isCalendarTimestamp, isPlausibleDate } from './fields/field.decorators';

// Producer-side payload validation from the same JSON Schema the AsyncAPI document publishes,
// compiled once per payload class: class-transformer + class-validator cost ~300 µs per event,
// the dominant cost of bulk runs (docs/benchmarks.md P7). The verdicts must stay those of the
// class-validator decorators, so the published schema is adjusted where JSON Schema and
// class-validator disagree on edge cases:
// - @IsOptional skips every rule for null as well as for an absent field;
// - Length counts like validator.js (variation selectors U+FE0E/U+FE0F are not counted), so it
//   is checked with class-validator's own `length` instead of minLength/maxLength;
// - patterns compile as plain RegExp (no `u` flag), as Matches does;
// - the date formats use the very predicates of IsDateOnly and IsTimestamp.
// payload-schema.validator.spec.ts compares both verdicts over mutations of every example.

const ajv = new Ajv({ allErrors: false, strict: true, strictTypes: false, unicodeRegExp: false, strictNumbers: true });
ajv.addFormat('date', { type: 'string', validate: isPlausibleDate });
ajv.addFormat('date-time', { type: 'string', validate: isCalendarTimestamp });
ajv.addKeyword({
  keyword: 'validatorJsLength',
  type: 'string',
  schemaType: 'array',
  errors: false,
  validate: ([min, max]: [number, number | undefined], data: string) => length(data, min, max),
});

type Ctor = new () => object;
const compiled = new WeakMap<Ctor, ValidateFunction>();

function forRuntime(schema: JsonSchema, closed = false): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (closed && out.properties) out.additionalProperties = false;
  if ('minLength' in out && out.type === 'string') {
    out.validatorJsLength = [out.minLength, out.maxLength];
    delete out.minLength;
    delete out.maxLength;
  }
  if (out.items) out.items = forRuntime(out.items as JsonSchema, closed);
  if (out.properties) {
    const required = new Set((out.required as string[] | undefined) ?? []);
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, JsonSchema>).map(([name, s]) => [
        name,
        required.has(name) ? forRuntime(s, closed) : { anyOf: [{ type: 'null' }, forRuntime(s, closed)] },
      ]),
    );
  }
  return out;
}

/** The compiled ajv validator of a payload class, built on first use and cached. */
export function payloadValidatorOf(payload: Ctor): ValidateFunction {
  let validate = compiled.get(payload);
  if (!validate) {
    validate = ajv.compile(forRuntime(jsonSchemaOf(payload)));
    compiled.set(payload, validate);
  }
  return validate;
}

const closedCompiled = new WeakMap<Ctor, ValidateFunction>();

/**
 * The same validator with `additionalProperties: false` at every level: it accepts exactly the
 * payloads the decorators accept that hold no field a `whitelist` validation would strip (the
 * consumer's fast path in parseEvent; anything it refuses takes class-validator).
 */
export function closedPayloadValidatorOf(payload: Ctor): ValidateFunction {
  let validate = closedCompiled.get(payload);
  if (!validate) {
    validate = ajv.compile(forRuntime(jsonSchemaOf(payload), true));
    closedCompiled.set(payload, validate);
  }
  return validate;
}

/** The first rule a payload breaks, as a dotted field path (`members.1.maskedId`) and ajv's message, or undefined when it is valid. */
export function firstPayloadError(payload: Ctor, data: unknown): { field: string; message: string } | undefined {
  const validate = payloadValidatorOf(payload);
  if (validate(data)) return undefined;
  const errors = validate.errors ?? [];
  // inside an optional field's anyOf, the "must be null" branch is noise; report the real rule
  const e: ErrorObject | undefined =
    errors.find((x) => x.keyword !== 'anyOf' && !(x.keyword === 'type' && x.params.type === 'null')) ?? errors[0];
  const path = (e?.instancePath ?? '').split('/').slice(1);
  if (e?.keyword === 'required') path.push(String(e.params.missingProperty));
  return { field: path.join('.') || '$', message: `${e?.message ?? 'is invalid'} (${e?.keyword ?? 'schema'})` };
}
