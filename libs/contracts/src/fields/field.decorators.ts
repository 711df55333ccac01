import { isCalendarDate } from '@civic/calendar';
import { containsIdNumber } from '@civic/identity';
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';

// Field rules shared by every payload. Each is a composition of class-validator built-ins (or a
// named ValidateBy), so the AsyncAPI generator can read them back from the metadata storage.

type Ctor = new () => object;

const compose =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

/** `<keyId>:<base64url HMAC-SHA256>` as produced by @civic/identity (key ids are 1-64 of [A-Za-z0-9_-]); never the raw ID number. */
export const PERSON_REF_PATTERN = /^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{20,}$/;
/** Masked resident ID: first 6 and last 4 visible (docs/domain.md "People, households and identity"). */
export const MASKED_ID_PATTERN = /^\d{6}\*{8}\d{3}[\dX]$/;
/** Town (镇街) statistical division code: 9 digits, e.g. 442000100. */
export const TOWN_PATTERN = /^\d{9}$/;
/** Village or community (村居) statistical division code: 12 digits. */
export const VILLAGE_PATTERN = /^\d{12}$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** RFC 3339 timestamp with an explicit offset. */
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** Aggregate and record ids: UUIDs or other opaque ids of the owning service. */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Validator names this file adds; the JSON Schema mapper knows them. */
export const CALENDAR_DATE = 'isCalendarDate';
export const CALENDAR_TIMESTAMP = 'isCalendarTimestamp';
export const STRING_OR_NUMBER = 'isStringOrFiniteNumber';

/**
 * The plausible range of every calendar date the platform accepts (births, effective dates, due
 * dates): one rule, so a typo like 1899-12-31 or 9999-01-01 is refused at the door with 400 instead
 * of reaching date arithmetic and parameter lookups that know no such year.
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2100-12-31';

/** A real calendar date `YYYY-MM-DD` within [EARLIEST_DATE, LATEST_DATE] (the rule behind IsDateOnly). */
export const isPlausibleDate = (value: unknown): boolean =>
  typeof value === 'string' && isCalendarDate(value) && value >= EARLIEST_DATE && value <= LATEST_DATE;

/**
 * The largest amount of money any field may hold, in fen: 10^10 yuan, above any household's assets,
 * a donation, a fund or a month of the bureau's payments, and small enough that sums of thousands
 * of such amounts stay exact integers in JavaScript (Number.MAX_SAFE_INTEGER is ~9 * 10^15).
 */
export const MAX_FEN = 1_000_000_000_000;

/** True for a string whose date part exists and which parses as a point in time (the rule behind IsTimestamp). */
export const isCalendarTimestamp = (value: unknown): boolean =>
  typeof value === 'string' && isPlausibleDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));

/** A pseudonymous person reference. */
export const IsPersonRef = (opts?: ValidationOptions) =>
  compose(
    IsString(opts),
    Matches(PERSON_REF_PATTERN, {
      ...opts,
      message: '$property must be a personRef (<keyId>:<base64url HMAC>), never a raw ID number',
    }),
  );

/** A masked resident ID number (`442000********123X`). */
export const IsMaskedId = (opts?: ValidationOptions) =>
  compose(
    IsString(opts),
    Matches(MASKED_ID_PATTERN, {
      ...opts,
      message: '$property must be a masked ID (6 digits, 8 asterisks, 4 characters)',
    }),
  );

/** Money in integer fen (分), never negative, at most MAX_FEN. Property names end in `Fen`. */
export const IsFen = (opts?: ValidationOptions) => compose(IsInt(opts), Min(0, opts), Max(MAX_FEN, opts));

/** A calendar date `YYYY-MM-DD` (Asia/Shanghai calendar day, no time) between EARLIEST_DATE and LATEST_DATE. */
export const IsDateOnly = (opts?: ValidationOptions) =>
  compose(
    IsString(opts),
    Matches(DATE_PATTERN, { ...opts, message: '$property must be a date YYYY-MM-DD' }),
    ValidateBy(
      {
        name: CALENDAR_DATE,
        validator: {
          validate: isPlausibleDate,
          defaultMessage: () => `$property must be a real calendar date from ${EARLIEST_DATE} to ${LATEST_DATE}`,
        },
      },
      opts,
    ),
  );

/** A month `YYYY-MM`, e.g. a payment run month. */
export const IsMonth = (opts?: ValidationOptions) =>
  compose(IsString(opts), Matches(MONTH_PATTERN, { ...opts, message: '$property must be a month YYYY-MM' }));

/** An RFC 3339 timestamp with offset, for facts whose time of day matters (alarms, reports). */
export const IsTimestamp = (opts?: ValidationOptions) =>
  compose(
    IsString(opts),
    Matches(TIMESTAMP_PATTERN, { ...opts, message: '$property must be an RFC 3339 timestamp with offset' }),
    ValidateBy(
      {
        name: CALENDAR_TIMESTAMP,
        validator: { validate: isCalendarTimestamp, defaultMessage: () => '$property must be a real point in time' },
      },
      opts,
    ),
  );

/** A town (镇街) code. */
export const IsTown = (opts?: ValidationOptions) =>
  compose(IsString(opts), Matches(TOWN_PATTERN, { ...opts, message: '$property must be a 9-digit town code' }));

/** A village or community (村居) code. */
export const IsVillage = (opts?: ValidationOptions) =>
  compose(IsString(opts), Matches(VILLAGE_PATTERN, { ...opts, message: '$property must be a 12-digit village code' }));

/** An aggregate or record id. */
export const IsEntityId = (opts?: ValidationOptions) =>
  compose(
    IsString(opts),
    Matches(ENTITY_ID_PATTERN, {
      ...opts,
      message: '$property must be an id of 1-64 letters, digits, ".", "_", ":" or "-"',
    }),
  );

/**
 * Free text may not hold 15 digits in a row: both resident ID number forms (15 digits, or 17 digits
 * and a check character) are then impossible, and the published schema says so to every reader.
 */
export const FREE_TEXT_PATTERN = /^(?![\s\S]*\d{15})/;

/** Free text for people (reasons, titles); bounded, never an ID number (FREE_TEXT_PATTERN; createEvent checks too). */
export const IsText = (max = 500, opts?: ValidationOptions) =>
  compose(
    IsString(opts),
    Length(1, max, opts),
    Matches(FREE_TEXT_PATTERN, { ...opts, message: '$property is free text: no run of 15 digits (no ID numbers)' }),
  );

/**
 * True for text that may be stored or published as free text: no run of 15 digits (FREE_TEXT_PATTERN)
 * and no resident ID number in any disguise (spaces, dashes, full-width digits…: libs/identity's guard).
 */
export const isIdFreeText = (v: unknown): boolean =>
  typeof v !== 'string' || (FREE_TEXT_PATTERN.test(v) && !containsIdNumber(v));

/**
 * The `noIdNumber` rule alone, for typed strings that are not prose but could still carry a number
 * (a seed, a registration number, a user id): 400 naming the field, the text never repeated.
 */
export const NoIdNumber = (opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'noIdNumber',
      validator: {
        validate: isIdFreeText,
        defaultMessage: (a) =>
          `${a?.property ?? 'text'} must not contain a resident ID number (nor a run of 15 digits)`,
      },
    },
    opts,
  );

/**
 * Free text a person types into a request (names, notes, findings): bounded, and refused with the one
 * rule name every service answers, `noIdNumber`, when it could hold a resident ID number (the
 * FREE_TEXT_PATTERN of event payloads, or a number in disguise). The message never repeats the text.
 * Event payload classes keep IsText, whose pattern the AsyncAPI document publishes; createEvent
 * refuses the disguised forms there.
 */
export const IsFreeText = (max = 500, opts?: ValidationOptions) =>
  compose(IsString(opts), Length(1, max, opts), NoIdNumber(opts));

/** One of a closed set of string values. */
export const IsOneOf = (values: readonly string[], opts?: ValidationOptions) =>
  compose(IsString(opts), IsIn([...values], opts));

export const IsFlag = (opts?: ValidationOptions) => IsBoolean(opts);

/** An integer within [min, max]. */
export const IsIntIn = (min: number, max: number, opts?: ValidationOptions) =>
  compose(IsInt(opts), Min(min, opts), Max(max, opts));

/** A string or a finite number (policy parameter values). */
export const IsStringOrNumber = (opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: STRING_OR_NUMBER,
      validator: {
        validate: (v: unknown) =>
          (typeof v === 'string' && v.length > 0 && isIdFreeText(v)) || (typeof v === 'number' && Number.isFinite(v)),
        defaultMessage: () => '$property must be a non-empty string (no run of 15 digits) or a finite number',
      },
    },
    opts,
  );

const nestedTypes = new Map<object, Map<string, { type: () => Ctor; array: boolean }>>();

/** A nested payload object (or, with `array`, a non-empty-able list of them), validated and stripped like the payload itself. */
export const IsNested = (type: () => Ctor, options: { array?: boolean; minItems?: number } = {}): PropertyDecorator => {
  const array = options.array ?? false;
  const rules = array
    ? [
        IsArray(),
        ...(options.minItems ? [ArrayMinSize(options.minItems)] : []),
        ValidateNested({ each: true }),
        Type(type),
      ]
    : [IsObject(), ValidateNested(), Type(type)];
  return (target, key) => {
    const forClass = nestedTypes.get(target.constructor) ?? new Map();
    forClass.set(String(key), { type, array });
    nestedTypes.set(target.constructor, forClass);
    compose(...(rules as PropertyDecorator[]))(target, key);
  };
};

/** The class of a property declared with IsNested, looked up along the prototype chain. */
export function nestedTypeOf(target: object, property: string): { type: () => Ctor; array: boolean } | undefined {
  for (let c: object | null = target; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const found = nestedTypes.get(c)?.get(property);
    if (found) return found;
  }
  return undefined;
}
