/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML is read freely here */
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { IsPositive } from 'class-validator';
import { parse } from 'yaml';
import { allTopics, catalog, deadLetterTopic, DEAD_LETTER_REASONS, parseEvent, producerOf, Sources } from '../index';
import { asyncApiYaml, buildAsyncApiDocument } from './asyncapi-document';
import { jsonSchemaOf } from './json-schema';

type Doc = {
  info: { description: string };
  channels: Record<string, any>;
  operations: Record<string, any>;
  components: { schemas: Record<string, any>; messages: Record<string, any> };
};

const yamlText = asyncApiYaml();
// Read as YAML 1.1 (js-yaml's and PyYAML's default), where an unquoted 2024-06-04 would be a date, not a string.
const doc = parse(yamlText, { version: '1.1' }) as Doc;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
for (const [name, schema] of Object.entries(doc.components.schemas))
  ajv.addSchema(schema, `#/components/schemas/${name}`);
const validatorOf = (messageId: string) => ajv.compile(doc.components.messages[messageId].payload);
const schemaOf = (s: { $ref?: string }): any => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);

describe('the AsyncAPI document', () => {
  it('is a valid AsyncAPI 3.0 document for @asyncapi/parser, with no warning', async () => {
    const { document, diagnostics } = await new Parser().parse(yamlText);
    expect(
      // errors (0) and warnings (1); the one information (2) suggests AsyncAPI 3.1, which the code generators lag behind
      diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} ${d.path.join('.')}: ${d.message}`),
    ).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.messages().length).toBe(catalog.length + 1); // + the dead letter
  }, 60000);

  it('has one channel per topic and per dead-letter topic, and one message per event type and version', () => {
    expect(
      Object.values(doc.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual([...allTopics(), ...allTopics().map(deadLetterTopic)].sort());
    for (const def of catalog) {
      const channel = Object.values(doc.channels).find((c) => c.address === def.topic);
      expect(channel.messages[`${def.type}.v${def.version}`]).toEqual({
        $ref: `#/components/messages/${def.type}.v${def.version}`,
      });
    }
  });

  it.each(catalog.map((d) => [`${d.type}.v${d.version}`]))(
    'has an example of %s that its own envelope schema accepts',
    (id) => {
      const validate = validatorOf(id);
      const [example] = doc.components.messages[id].examples;
      expect(validate(example.payload) ? [] : validate.errors).toEqual([]);
      expect(example.headers.ce_type).toBe(example.payload.type);
    },
  );

  it('derives schemas that refuse what parseEvent refuses: each required field removed, each string replaced by a number', () => {
    for (const def of catalog) {
      const id = `${def.type}.v${def.version}`;
      const validate = validatorOf(id);
      const [example] = doc.components.messages[id].examples;
      for (const [field, value] of Object.entries(example.payload.data)) {
        const broken = { ...example.payload, data: { ...example.payload.data } };
        delete broken.data[field];
        const optional = !(doc.components.schemas[def.payload.name].required as string[]).includes(field);
        expect({ id, field, schema: validate(broken), parse: parseEvent(broken).ok }).toEqual({
          id,
          field,
          schema: optional,
          parse: optional,
        });
        if (typeof value === 'string') {
          broken.data[field] = 12;
          expect({ id, field, schema: validate(broken), parse: parseEvent(broken).ok }).toEqual({
            id,
            field,
            schema: false,
            parse: false,
          });
        }
      }
    }
  });

  it('states the service that really publishes each event, not the one its type prefix suggests', () => {
    for (const def of catalog)
      expect(schemaOf(doc.components.messages[`${def.type}.v${def.version}`].payload).properties.source.const).toBe(
        producerOf(def),
      );
    const scheduled = doc.components.messages['policy.parameter.value-scheduled.v1'];
    expect(schemaOf(scheduled.payload).properties.source.const).toBe(Sources.assistance);
    expect(scheduled.examples[0].payload.source).toBe(Sources.assistance);
    expect(doc.operations.publishPolicyParameter.summary).toMatch(
      new RegExp(`^${Sources.assistance} publishes policy.parameter`),
    );
    expect(doc.operations.publishPolicyAlert.summary).toMatch(new RegExp(`^${Sources.policy} publishes`));
  });

  it('names every envelope, headers object, nested class and value list, and publishes each value list once', () => {
    const inline: string[] = [];
    const visit = (s: any, path: string, top: boolean) => {
      if (!s || typeof s !== 'object') return;
      if (!top && (s.enum || s.properties)) inline.push(path);
      for (const [k, v] of Object.entries(s.properties ?? {})) visit(v, `${path}.${k}`, false);
      if (s.items) visit(s.items, `${path}[]`, false);
    };
    for (const [name, s] of Object.entries(doc.components.schemas)) {
      expect({ name, title: s.title }).toEqual({ name, title: name });
      visit(s, name, true);
    }
    for (const [id, m] of Object.entries(doc.components.messages)) {
      expect({ id, headers: m.headers.$ref, payload: m.payload.$ref }).toEqual({
        id,
        headers: expect.stringMatching(/^#\/components\/schemas\//),
        payload: expect.stringMatching(/^#\/components\/schemas\//),
      });
    }
    expect(inline).toEqual([]);
    const lists = Object.values(doc.components.schemas)
      .filter((s) => s.enum)
      .map((s) => JSON.stringify(s.enum));
    expect(new Set(lists).size).toBe(lists.length);
    expect(doc.components.schemas.Programme.enum).toContain('dibao');
    expect(doc.components.schemas.CaseAppliedV1Payload.properties.programme).toEqual({
      $ref: '#/components/schemas/Programme',
    });
  });

  it('documents each dead-letter topic with the dlq-* headers its consumers write', () => {
    for (const topic of allTopics()) {
      const channel = Object.values(doc.channels).find((c) => c.address === deadLetterTopic(topic));
      expect(channel.messages).toEqual({ 'dead-letter': { $ref: '#/components/messages/dead-letter' } });
    }
    const headers = doc.components.schemas.DeadLetterHeaders;
    expect(headers.required).toEqual([
      'dlq-reason',
      'dlq-field',
      'dlq-message',
      'dlq-attempts',
      'dlq-consumer',
      'dlq-original-topic',
      'dlq-original-partition',
      'dlq-original-offset',
      'dlq-id',
    ]);
    expect(doc.components.schemas.DeadLetterReason.enum).toEqual([...DEAD_LETTER_REASONS]);
  });

  it('documents the topic prefix setting', () => {
    expect(doc.info.description).toMatch(/TOPIC_PREFIX \+ address/);
    for (const c of Object.values(doc.channels)) expect(c.description).toContain(`TOPIC_PREFIX + ${c.address}`);
  });

  it('lets no free-text field hold an ID number: every string is a pattern, an enum, a format or ID-free text', () => {
    const validate = validatorOf('policy.alert.resolved.v1');
    const [example] = doc.components.messages['policy.alert.resolved.v1'].examples;
    const withId = { ...example.payload, data: { ...example.payload.data, note: 'ID 110101199003074514 called' } };
    expect(validate(withId)).toBe(false);
    const oldForm = { ...example.payload, data: { ...example.payload.data, note: 'old ID 110101900307451' } };
    expect(validate(oldForm)).toBe(false);
    expect(validate({ ...example.payload, data: { ...example.payload.data, note: 'called on 2024-06-03' } })).toBe(
      true,
    );
    const open: string[] = [];
    for (const def of catalog) {
      const visit = (s: any, path: string) => {
        if (s.$ref) return visit(schemaOf(s), path);
        if (s.type === 'string' && !s.pattern && !s.enum && !s.format && !s.const) open.push(path);
        for (const [k, v] of Object.entries(s.properties ?? {})) visit(v, `${path}.${k}`);
        if (s.items) visit(s.items, `${path}[]`);
        for (const o of s.oneOf ?? []) visit(o, path);
      };
      visit(doc.components.schemas[def.payload.name], def.payload.name);
    }
    expect(open).toEqual([]);
  });

  it('is generated deterministically, so the checked-in file can be compared byte for byte', () => {
    expect(asyncApiYaml()).toBe(yamlText);
    expect(JSON.stringify(buildAsyncApiDocument())).toBe(JSON.stringify(buildAsyncApiDocument()));
  });

  it('refuses to publish a payload whose validator it cannot express in JSON Schema', () => {
    class Unmapped {
      @IsPositive() count: number;
    }
    expect(() => jsonSchemaOf(Unmapped)).toThrow(/no JSON Schema mapping for validator isPositive/);
  });
});
