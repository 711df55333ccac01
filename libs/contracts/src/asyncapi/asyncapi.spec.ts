import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { IsPositive } from 'class-validator';
import { parse } from 'yaml';
import { allTopics, catalog, parseEvent } from '../index';
import { asyncApiYaml, buildAsyncApiDocument } from './asyncapi-document';
import { jsonSchemaOf, JsonSchema } from './json-schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML is read freely here
type Doc = {
  channels: Record<string, any>;
  components: { schemas: Record<string, JsonSchema>; messages: Record<string, any> };
};

const yamlText = asyncApiYaml();
const doc = parse(yamlText) as Doc;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
for (const [name, schema] of Object.entries(doc.components.schemas))
  ajv.addSchema(schema, `#/components/schemas/${name}`);
const validatorOf = (messageId: string) => ajv.compile(doc.components.messages[messageId].payload);

describe('the AsyncAPI document', () => {
  it('is a valid AsyncAPI 3.0 document for @asyncapi/parser', async () => {
    const { document, diagnostics } = await new Parser().parse(yamlText);
    expect(
      diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code} ${d.path.join('.')}: ${d.message}`),
    ).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.messages().length).toBe(catalog.length);
  }, 60000);

  it('has one channel per topic and one message per event type and version', () => {
    expect(
      Object.values(doc.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(allTopics());
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
