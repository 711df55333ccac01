import { stringify } from 'yaml';
import { catalog } from '../catalog';
import { CLOUDEVENTS_CONTENT_TYPE } from '../envelope';
import { exampleId } from '../fields/example-values';
import { createEvent, EventDefinition, toKafkaRecord } from '../registry';
import { departmentOf, Sources } from '../topics';
import { jsonSchemaOf, JsonSchema } from './json-schema';

/** Version of the published catalog document; bump the minor on additions, the major never (breaking changes are new event versions). */
export const CATALOG_DOCUMENT_VERSION = '1.1.0';

const KAFKA_BINDING_VERSION = '0.5.0';
const EXAMPLE_TIME = new Date('2024-07-01T00:00:00.000Z');

const channelId = (topic: string) => topic.replace(/[.-]([a-z])/g, (_, c: string) => c.toUpperCase());
const messageId = (def: EventDefinition) => `${def.type}.v${def.version}`;

const headersSchema = (def: EventDefinition): JsonSchema => ({
  type: 'object',
  description:
    'Kafka record headers (CloudEvents Kafka binding, structured mode, plus routing copies of type and version).',
  required: ['content-type', 'ce_id', 'ce_type', 'ce_dataversion'],
  properties: {
    'content-type': { type: 'string', const: CLOUDEVENTS_CONTENT_TYPE },
    ce_id: { type: 'string', description: 'Copy of the envelope id.' },
    ce_type: { type: 'string', const: def.type },
    ce_dataversion: { type: 'string', const: String(def.version) },
  },
});

const envelopeSchema = (def: EventDefinition, dataRef: string): JsonSchema => ({
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
    source: { type: 'string', const: Sources[departmentOf(def.type)], description: 'The publishing service.' },
    type: { type: 'string', const: def.type },
    time: { type: 'string', format: 'date-time', description: 'When the fact happened.' },
    subject: {
      type: 'string',
      minLength: 1,
      description: `The aggregate id${def.subjectField ? ` (equals data.${def.subjectField})` : ''}; also the Kafka key.`,
    },
    datacontenttype: { type: 'string', const: 'application/json' },
    dataversion: { type: 'integer', const: def.version, description: 'Payload version of the type.' },
    correlationid: {
      type: 'string',
      minLength: 1,
      description: 'Shared by every event caused by one original command.',
    },
    causationid: { type: 'string', minLength: 1, description: 'The event or request that directly caused this one.' },
    data: { $ref: dataRef },
  },
});

/** The AsyncAPI 3.0 document of a catalog: one channel per topic, one message per event type and version. */
export function buildAsyncApiDocument(definitions: readonly EventDefinition[] = catalog): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = {};
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const topics = [...new Set(definitions.map((d) => d.topic))].sort();

  for (const def of definitions) {
    const schemaName = def.payload.name;
    if (schemas[schemaName]) throw new Error(`two payload classes are named ${schemaName}`);
    schemas[schemaName] = jsonSchemaOf(def.payload);
    const event = createEvent(def, def.example, {
      id: exampleId(`event:${messageId(def)}`),
      source: Sources[departmentOf(def.type)],
      correlationId: exampleId(`correlation:${messageId(def)}`),
      time: EXAMPLE_TIME,
    });
    messages[messageId(def)] = {
      name: def.type,
      title: `${def.type} v${def.version}`,
      summary: def.summary,
      contentType: CLOUDEVENTS_CONTENT_TYPE,
      headers: headersSchema(def),
      payload: envelopeSchema(def, `#/components/schemas/${schemaName}`),
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

  for (const topic of topics) {
    const id = channelId(topic);
    const onTopic = definitions.filter((d) => d.topic === topic);
    channels[id] = {
      address: topic,
      title: topic,
      description: `Events of ${topic}, keyed by aggregate id. Dead letters go to ${topic}.dlq.`,
      messages: Object.fromEntries(
        onTopic.map((d) => [messageId(d), { $ref: `#/components/messages/${messageId(d)}` }]),
      ),
      bindings: { kafka: { topic, bindingVersion: KAFKA_BINDING_VERSION } },
    };
    operations[`publish${id[0].toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      title: `Publish to ${topic}`,
      summary: `${Sources[departmentOf(topic)]} publishes ${topic} events through its transactional outbox.`,
      channel: { $ref: `#/channels/${id}` },
      messages: onTopic.map((d) => ({ $ref: `#/channels/${id}/messages/${messageId(d)}` })),
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
        'masked ID numbers, never raw ones; money is integer fen; dates are YYYY-MM-DD in Asia/Shanghai.',
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: {
      kafka: {
        host: '{brokers}',
        protocol: 'kafka',
        description: 'The platform Kafka cluster.',
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
  return stringify(buildAsyncApiDocument(definitions), {
    aliasDuplicateObjects: false,
    lineWidth: 0,
    sortMapEntries: false,
  });
}
