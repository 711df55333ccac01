import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { CLOUDEVENTS_CONTENT_TYPE, EventEnvelope, EventOrigin, KafkaRecord } from './envelope';
import { findRawResidentId } from './fields/raw-id.guard';
import { closedPayloadValidatorOf, firstPayloadError } from './payload-schema.validator';
import { departmentOf, Sources } from './topics';
import { correlation } from './tracing/correlation';
import { formatTraceparent, parseTraceparent, tracing } from './tracing/trace-context';

/** One event type at one version: the catalog's unit; a breaking change adds v2 beside v1, so v1 readers keep working. */
export interface EventDefinition<T extends object = object> {
  type: string;
  version: number;
  /** Topic per service and aggregate, e.g. `assistance.case`. */
  topic: string;
  /** class-validator decorated payload class. */
  payload: new () => T;
  /** One valid payload, used by the AsyncAPI document and by tests. */
  example: T;
  summary: string;
  /** The payload field holding the aggregate id: the envelope subject and Kafka key. */
  subjectField?: keyof T & string;
  /**
   * The CloudEvents `source` of the service that publishes it, when that is not its department's
   * service (`Sources`, by the type's prefix), or when it belongs to no department (the test kits'
   * own events); see producerOf.
   */
  source?: (typeof Sources)[keyof typeof Sources] | `/civic/${string}`;
}

const catalog = new Map<string, EventDefinition>();
const keyOf = (type: string, version: number) => `${type}@v${version}`;

/** Registers an event type+version in the catalog; a second definition of the same pair is a programming error. */
export function defineEvent<T extends object>(def: EventDefinition<T>): EventDefinition<T> {
  const key = keyOf(def.type, def.version);
  if (catalog.has(key)) throw new Error(`event ${key} is defined twice`);
  if (!/^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/.test(def.type)) {
    throw new Error(`event type ${def.type} must be <department>.<aggregate>.<fact> in kebab-case`);
  }
  if (!def.topic.startsWith(`${def.type.split('.')[0]}.`)) {
    throw new Error(`event ${key} is published on ${def.topic}, outside its department's topics`);
  }
  catalog.set(key, def as unknown as EventDefinition);
  return def;
}

/** Every registered definition, sorted by type then version. */
export function allEventDefinitions(): EventDefinition[] {
  return [...catalog.values()].sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
}

/** The definition of one type at one version, if registered. */
export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return catalog.get(keyOf(type, version));
}

/** The CloudEvents `source` of the service publishing an event type: its explicit source, else its department's. */
export function producerOf(def: Pick<EventDefinition, 'type' | 'source'>): string {
  return def.source ?? Sources[departmentOf(def.type)];
}

/** The envelope subject (aggregate id, Kafka key) of a payload, from the definition's subjectField. */
export function subjectOf<T extends object>(def: EventDefinition<T>, data: T): string | undefined {
  const value = def.subjectField ? (data as Record<string, unknown>)[def.subjectField] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Builds an envelope for a payload of a registered type. Validates the payload against the
 * definition's compiled JSON Schema (same verdicts as its decorators): a producer bug fails here,
 * not in every consumer. The subject defaults to the payload's aggregate id
 * (subjectField) and may not differ from it; a raw resident ID number anywhere is refused.
 */
export function createEvent<T extends object>(def: EventDefinition<T>, data: T, origin: EventOrigin): EventEnvelope<T> {
  const refused = firstPayloadError(def.payload, data);
  if (refused) {
    // Only a producer bug gets here: word the refusal as the decorators do (same field, same
    // message as consumers see from parseEvent); ajv's own wording if class-validator were to disagree.
    const first =
      flatten(
        validateSync(plainToInstance(def.payload, data) as object, { forbidUnknownValues: false, whitelist: false }),
      )[0] ?? refused;
    throw new Error(`invalid ${def.type} v${def.version} payload: ${first.field} ${first.message}`);
  }
  const leak = findRawResidentId(data);
  if (leak !== undefined)
    throw new Error(
      `invalid ${def.type} v${def.version} payload: ${leak} holds a raw resident ID number; use personRef or the masked form`,
    );
  // The document (docs/asyncapi.yaml) fixes each type's source to its producer; a strict consumer
  // rejects any other, so a producer bug fails here rather than in every consumer.
  const source = origin.source ?? producerOf(def);
  if (source !== producerOf(def))
    throw new Error(`${def.type} v${def.version} is published by ${producerOf(def)}, not ${source}`);
  const aggregateId = subjectOf(def, data);
  const trace = tracing.current();
  const traceparent = origin.traceparent ?? (trace ? formatTraceparent(trace) : undefined);
  const subject = origin.subject ?? aggregateId;
  if (!subject) throw new Error(`${def.type} v${def.version} needs origin.subject (the aggregate id)`);
  if (aggregateId !== undefined && subject !== aggregateId) {
    throw new Error(
      `${def.type} v${def.version} subject must be data.${def.subjectField} (the aggregate id and Kafka key)`,
    );
  }
  return {
    specversion: '1.0',
    id: origin.id ?? randomUUID(),
    source,
    type: def.type,
    time: (origin.time ?? new Date()).toISOString(),
    subject,
    datacontenttype: 'application/json',
    dataversion: def.version,
    correlationid: origin.correlationId ?? correlation.current() ?? origin.causationId ?? origin.id ?? randomUUID(),
    ...(origin.causationId ? { causationid: origin.causationId } : {}),
    ...(traceparent ? { traceparent } : {}),
    data,
  };
}

export type ParseErrorReason = 'invalid-envelope' | 'unknown-type' | 'unknown-version' | 'invalid-payload';

/** Why an incoming event was refused; consumers put this on the dead-letter record. */
export class EventParseError {
  constructor(
    readonly reason: ParseErrorReason,
    /** Dotted path of the failing field, e.g. `data.amountFen`. */
    readonly field: string,
    readonly message: string,
  ) {}
  toString(): string {
    return `${this.reason}: ${this.field} ${this.message}`;
  }
}

export type ParseResult<T = unknown> =
  { ok: true; event: EventEnvelope<T>; definition: EventDefinition } | { ok: false; error: EventParseError };

const requiredStrings = ['id', 'source', 'type', 'time', 'subject', 'correlationid'] as const;

/**
 * Validates an envelope against its registered type+version. Unknown extra fields are ignored
 * (tolerant reader) and stripped from the returned payload; the payload is returned as an
 * instance of its class.
 */
export function parseEvent<T = unknown>(input: unknown): ParseResult<T> {
  const fail = (reason: ParseErrorReason, field: string, message: string): ParseResult<T> => ({
    ok: false,
    error: new EventParseError(reason, field, message),
  });
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return fail('invalid-envelope', '$', 'must be a JSON object');
  const env = input as Record<string, unknown>;
  if (env.specversion !== '1.0') return fail('invalid-envelope', 'specversion', 'must be "1.0"');
  for (const f of requiredStrings) {
    if (typeof env[f] !== 'string' || (env[f] as string).length === 0)
      return fail('invalid-envelope', f, 'must be a non-empty string');
  }
  if (Number.isNaN(Date.parse(env.time as string)))
    return fail('invalid-envelope', 'time', 'must be an RFC 3339 timestamp');
  if (!Number.isInteger(env.dataversion)) return fail('invalid-envelope', 'dataversion', 'must be an integer');
  if (typeof env.data !== 'object' || env.data === null || Array.isArray(env.data))
    return fail('invalid-envelope', 'data', 'must be a JSON object');

  const type = env.type as string;
  const version = env.dataversion as number;
  const definition = findEventDefinition(type, version);
  if (!definition) {
    const known = allEventDefinitions().filter((d) => d.type === type);
    return known.length
      ? fail(
          'unknown-version',
          'dataversion',
          `${type} v${version} is not known (known: ${known.map((d) => 'v' + d.version).join(', ')})`,
        )
      : fail('unknown-type', 'type', `${type} is not in the event catalog`);
  }
  const data = plainToInstance(definition.payload, env.data, { excludeExtraneousValues: false });
  // fast path: the compiled validator closed at every level accepts exactly what validateSync
  // accepts without stripping a field (class-validator cost tens of µs per event, most of an
  // inbox run's CPU); a refusal or a field to strip takes class-validator as before
  const errors = closedPayloadValidatorOf(definition.payload)(env.data)
    ? []
    : validateSync(data as object, {
        whitelist: true,
        forbidNonWhitelisted: false,
        forbidUnknownValues: false,
      });
  if (errors.length) {
    const first = flatten(errors)[0];
    return fail('invalid-payload', `data.${first.field}`, first.message);
  }
  const leak = findRawResidentId(env.data);
  if (leak !== undefined)
    return fail(
      'invalid-payload',
      `data.${leak}`,
      'holds a raw resident ID number; events carry personRef and the masked form only',
    );
  const aggregateId = subjectOf(definition, data as object);
  if (aggregateId !== undefined && env.subject !== aggregateId) {
    return fail('invalid-envelope', 'subject', `must equal data.${definition.subjectField} (the aggregate id)`);
  }
  const event = {
    specversion: '1.0',
    id: env.id,
    source: env.source,
    type,
    time: env.time,
    subject: env.subject,
    datacontenttype: 'application/json',
    dataversion: version,
    correlationid: env.correlationid,
    ...(typeof env.causationid === 'string' ? { causationid: env.causationid } : {}),
    // an extension: a malformed one is dropped (the consumer starts a new trace), never refused
    ...(parseTraceparent(env.traceparent) ? { traceparent: env.traceparent as string } : {}),
    data,
  } as EventEnvelope<T>;
  return { ok: true, event, definition };
}

/** Maps an envelope to its Kafka record: value is the structured CloudEvent, key is the aggregate id. */
export function toKafkaRecord(event: EventEnvelope, topic: string): KafkaRecord {
  return {
    topic,
    key: event.subject,
    value: JSON.stringify(event),
    headers: {
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
      ce_id: event.id,
      ce_type: event.type,
      ce_dataversion: String(event.dataversion),
      ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    },
  };
}

/** Flattens nested class-validator errors into dotted field paths with their first message. */
export function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, message: Object.values(e.constraints)[0] }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}
