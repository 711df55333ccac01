import { stringify } from 'yaml';
import { catalog } from '../catalog';
import { CLOUDEVENTS_CONTENT_TYPE } from '../envelope';
import { exampleId } from '../fields/example-values';
import { DEAD_LETTER_REASONS } from '../dead-letter';
import { FREE_TEXT_PATTERN } from '../fields/field.decorators';
import { createEvent, EventDefinition, producerOf, toKafkaRecord } from '../registry';
import { deadLetterTopic } from '../topics';
import { TRACEPARENT_PATTERN } from '../tracing/trace-context';
import { jsonSchemaOf, JsonSchema } from './json-schema';
import { nameSchemas } from './named-schemas';

/** Version of the published catalog document; bump the minor on additions, the major never (breaking changes are new event versions). */
export const CATALOG_DOCUMENT_VERSION = '1.2.0';

const KAFKA_BINDING_VERSION = '0.5.0';
const EXAMPLE_TIME = new Date('2024-07-01T00:00:00.000Z');

const channelId = (topic: string) => topic.replace(/[.-]([a-z])/g, (_, c: string) => c.toUpperCase());
const messageId = (def: EventDefinition) => `${def.type}.v${def.version}`;
/** `assistance.case.approved` v1 → `AssistanceCaseApprovedV1`: the stem of its envelope and headers schema names. */
const modelStem = (def: EventDefinition) => {
  const id = channelId(`${def.type}.v${def.version}`);
  return id[0].toUpperCase() + id.slice(1);
};
const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The message every `<topic>.dlq` carries (libs/messaging/src/dead-letters/dead-letters.ts writes it). */
const DEAD_LETTER_MESSAGE = 'dead-letter';
const DIGITS = '^[0-9]+$';

const deadLetterHeadersSchema: JsonSchema = {
  title: 'DeadLetterHeaders',
  type: 'object',
  description:
    'Headers of a dead letter: the original record headers (content-type, ce_id, ce_type, ce_dataversion when it had ' +
    'them) plus why and where the consumer gave up.',
  required: [
    'dlq-reason',
    'dlq-field',
    'dlq-message',
    'dlq-attempts',
    'dlq-consumer',
    'dlq-original-topic',
    'dlq-original-partition',
    'dlq-original-offset',
    'dlq-id',
  ],
  properties: {
    'dlq-reason': schemaRef('DeadLetterReason'),
    'dlq-field': {
      type: 'string',
      pattern: FREE_TEXT_PATTERN.source,
      description: 'Dotted path of the failing field (e.g. `data.amountFen`); empty when no field is to blame.',
    },
    'dlq-message': {
      type: 'string',
      pattern: FREE_TEXT_PATTERN.source,
      description: 'What was wrong, for people; never holds an ID number.',
    },
    'dlq-attempts': { type: 'string', pattern: DIGITS, description: 'How many times the consumer tried it.' },
    'dlq-consumer': { type: 'string', minLength: 1, description: 'The consumer group that gave up on it.' },
    'dlq-original-topic': { type: 'string', minLength: 1, description: 'The physical topic it was read from.' },
    'dlq-original-partition': { type: 'string', pattern: DIGITS },
    'dlq-original-offset': { type: 'string', pattern: DIGITS },
    'dlq-id': {
      type: 'string',
      pattern: DIGITS,
      description: 'Id of the stored dead letter (re-drive and resolution refer to it).',
    },
  },
};

const TRACEPARENT: JsonSchema = {
  type: 'string',
  pattern: TRACEPARENT_PATTERN.source,
  description:
    'W3C trace context of the work that produced the event (CloudEvents distributed-tracing extension); absent for scheduled work.',
};

const headersSchema = (def: EventDefinition): JsonSchema => ({
  title: `${modelStem(def)}Headers`,
  type: 'object',
  description:
    'Kafka record headers (CloudEvents Kafka binding, structured mode, plus routing copies of type and version).',
  required: ['content-type', 'ce_id', 'ce_type', 'ce_dataversion'],
  properties: {
    'content-type': { type: 'string', const: CLOUDEVENTS_CONTENT_TYPE },
    ce_id: { type: 'string', description: 'Copy of the envelope id.' },
    ce_type: { type: 'string', const: def.type },
    ce_dataversion: { type: 'string', const: String(def.version) },
    traceparent: { ...TRACEPARENT, description: 'Copy of the envelope traceparent, for tracers that read headers.' },
  },
});

const envelopeSchema = (def: EventDefinition, dataRef: string): JsonSchema => ({
  title: `${modelStem(def)}Envelope`,
  type: 'object',
  description: 'CloudEvents 1.0 envelope, JSON; unknown extra attributes are ignored by readers.',
  required: [
    'specversion',
    'id',
    'source',
    'type',
    'time',
    'subject',
    'datacontenttype',
    'dataversion',
    'correlationid',
    'data',
  ],
  properties: {
    specversion: { type: 'string', const: '1.0' },
    id: { type: 'string', minLength: 1, description: 'Unique per event (UUID); consumers deduplicate on it.' },
    source: { type: 'string', const: producerOf(def), description: 'The publishing service.' },
    type: { type: 'string', const: def.type },
    time: { type: 'string', format: 'date-time', description: 'When the fact happened.' },
    subject: {
      type: 'string',
      minLength: 1,
      description: `The aggregate id${def.subjectField ? ` (equals data.${def.subjectField})` : ''}; also the Kafka key.`,
    },
    datacontenttype: { type: 'string', const: 'application/json' },
    // Exactly def.version, said with minimum = maximum rather than `const`: Modelina leaves a numeric
    // const property uninitialised, so the generated class fails `tsc --strict` (string consts are fine).
    dataversion: {
      type: 'integer',
      minimum: def.version,
      maximum: def.version,
      description: `Payload version of the type: always ${def.version} for this message.`,
    },
    correlationid: {
      type: 'string',
      minLength: 1,
      description: 'Shared by every event caused by one original command.',
    },
    causationid: { type: 'string', minLength: 1, description: 'The event or request that directly caused this one.' },
    traceparent: TRACEPARENT,
    data: { $ref: dataRef },
  },
});

/** The AsyncAPI 3.0 document of a catalog: one channel per topic and per dead-letter topic, one message per event type and version. */
export function buildAsyncApiDocument(
  definitions: readonly EventDefinition[] = catalog,
  options: {
    /** false for a document of topics only read by others (the hub gateway's feeds), whose dead letters are ours. */
    deadLetters?: boolean;
  } = {},
): Record<string, unknown> {
  const deadLetters = options.deadLetters ?? true;
  const payloads: Record<string, JsonSchema> = {};
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const topics = [...new Set(definitions.map((d) => d.topic))].sort();

  // one class may carry several event types (PersonRefRekeyedV1Payload, one per department): one schema
  const classes = new Map<string, unknown>();
  for (const def of definitions) {
    const schemaName = def.payload.name;
    if (classes.has(schemaName) && classes.get(schemaName) !== def.payload)
      throw new Error(`two payload classes are named ${schemaName}`);
    classes.set(schemaName, def.payload);
    payloads[schemaName] = jsonSchemaOf(def.payload);
    payloads[`${modelStem(def)}Envelope`] = envelopeSchema(def, `#/components/schemas/${schemaName}`);
    payloads[`${modelStem(def)}Headers`] = headersSchema(def);
  }
  if (deadLetters) {
    payloads.DeadLetterHeaders = deadLetterHeadersSchema;
    payloads.DeadLetterReason = { title: 'DeadLetterReason', type: 'string', enum: [...DEAD_LETTER_REASONS] };
    payloads.DeadLetterValue = {
      title: 'DeadLetterValue',
      description:
        'The original record value, byte for byte: usually the CloudEvent the consumer could not apply, possibly not JSON.',
    };
  }
  const { roots, named } = nameSchemas(payloads);
  const schemas = Object.fromEntries(
    Object.entries({ ...named, ...roots }).sort(([a], [b]) => a.localeCompare(b)),
  ) as Record<string, JsonSchema>;

  for (const def of definitions) {
    const event = createEvent(def, def.example, {
      id: exampleId(`event:${messageId(def)}`),
      source: producerOf(def),
      correlationId: exampleId(`correlation:${messageId(def)}`),
      time: EXAMPLE_TIME,
    });
    messages[messageId(def)] = {
      name: def.type,
      title: `${def.type} v${def.version}`,
      summary: def.summary,
      contentType: CLOUDEVENTS_CONTENT_TYPE,
      headers: schemaRef(`${modelStem(def)}Headers`),
      payload: schemaRef(`${modelStem(def)}Envelope`),
      correlationId: {
        description: 'CloudEvents correlationid extension.',
        location: '$message.payload#/correlationid',
      },
      bindings: {
        kafka: {
          key: {
            type: 'string',
            description: def.subjectField
              ? `data.${def.subjectField}: the aggregate id (envelope subject)`
              : 'The envelope subject.',
          },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
      examples: [
        {
          name: 'example',
          summary: def.summary,
          headers: toKafkaRecord(event, def.topic).headers,
          payload: JSON.parse(JSON.stringify(event)),
        },
      ],
    };
  }
  if (deadLetters)
    messages[DEAD_LETTER_MESSAGE] = {
      name: DEAD_LETTER_MESSAGE,
      title: 'Dead letter',
      summary: 'A record a consumer could not apply, as it was read, with the reason in dlq-* headers.',
      description:
        'Published by the consumer that gave up, keyed like the original so one key stays in order; later records of ' +
        'the same key follow it (reason held-behind-dead-letter) until it is re-driven.',
      headers: schemaRef('DeadLetterHeaders'),
      payload: schemaRef('DeadLetterValue'),
      bindings: {
        kafka: {
          key: { type: 'string', description: 'The original record key.' },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };

  for (const topic of topics) {
    const id = channelId(topic);
    const onTopic = definitions.filter((d) => d.topic === topic);
    channels[id] = {
      address: topic,
      title: topic,
      description: `Events of ${topic}, keyed by aggregate id. Physical name: TOPIC_PREFIX + ${topic}. Dead letters go to ${deadLetterTopic(topic)}.`,
      messages: Object.fromEntries(
        onTopic.map((d) => [messageId(d), { $ref: `#/components/messages/${messageId(d)}` }]),
      ),
      bindings: { kafka: { topic, bindingVersion: KAFKA_BINDING_VERSION } },
    };
    const producers = [...new Set(onTopic.map(producerOf))].sort();
    operations[`publish${id[0].toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      title: `Publish to ${topic}`,
      summary:
        producers.length === 1
          ? `${producers[0]} publishes ${topic} events through its transactional outbox.`
          : `${producers.join(' and ')} publish ${topic} events through their transactional outboxes: ` +
            onTopic.map((d) => `${d.type} v${d.version} by ${producerOf(d)}`).join('; ') +
            '.',
      channel: { $ref: `#/channels/${id}` },
      messages: onTopic.map((d) => ({ $ref: `#/channels/${id}/messages/${messageId(d)}` })),
    };

    if (!deadLetters) continue;
    const dlq = deadLetterTopic(topic);
    const dlqId = `${id}Dlq`;
    channels[dlqId] = {
      address: dlq,
      title: dlq,
      description: `Dead letters of ${topic}: records its consumers could not apply. Physical name: TOPIC_PREFIX + ${dlq}.`,
      messages: { [DEAD_LETTER_MESSAGE]: { $ref: `#/components/messages/${DEAD_LETTER_MESSAGE}` } },
      bindings: { kafka: { topic: dlq, bindingVersion: KAFKA_BINDING_VERSION } },
    };
    operations[`deadLetter${id[0].toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      title: `Dead-letter ${topic}`,
      summary: `Every consumer of ${topic} publishes the records it cannot apply to ${dlq}.`,
      channel: { $ref: `#/channels/${dlqId}` },
      messages: [{ $ref: `#/channels/${dlqId}/messages/${DEAD_LETTER_MESSAGE}` }],
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Civic platform domain events',
      version: CATALOG_DOCUMENT_VERSION,
      description:
        'Every event the civil-affairs department services, the policy engine and the data-hub gateway publish. ' +
        'Generated from libs/contracts by `npm run asyncapi`; do not edit. Events are CloudEvents 1.0 in structured ' +
        'JSON mode on Kafka; the record key is the envelope subject (aggregate id). Payloads carry personRef and ' +
        'masked ID numbers, never raw ones; free text never holds 15 digits in a row; money is integer fen; dates ' +
        'are YYYY-MM-DD in Asia/Shanghai. Channel addresses are logical topic names: every service prepends its ' +
        'TOPIC_PREFIX setting (empty by default; e.g. `staging.` lets environments share a broker), so the physical ' +
        "topic is TOPIC_PREFIX + address, and a topic's dead letters are on TOPIC_PREFIX + address + `.dlq`.",
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: {
      kafka: {
        host: '{brokers}',
        protocol: 'kafka',
        description: 'The platform Kafka cluster. Topic names carry the TOPIC_PREFIX of the environment.',
        variables: { brokers: { default: '127.0.0.1:9092', description: 'Bootstrap brokers (KAFKA_BROKERS).' } },
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}

/** The AsyncAPI document as YAML, exactly as checked in at docs/asyncapi.yaml. */
export function asyncApiYaml(definitions: readonly EventDefinition[] = catalog): string {
  // The YAML 1.1 schema quotes strings a YAML 1.1 reader (js-yaml defaults, PyYAML) would take for
  // dates, booleans or numbers (`2024-06-04`, `yes`), so examples stay strings for every reader.
  return stringify(buildAsyncApiDocument(definitions), {
    schema: 'yaml-1.1',
    aliasDuplicateObjects: false,
    lineWidth: 0,
    sortMapEntries: false,
  });
}
