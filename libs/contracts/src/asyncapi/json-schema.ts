import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import {
  CALENDAR_DATE,
  CALENDAR_TIMESTAMP,
  FREE_TEXT_PATTERN,
  nestedTypeOf,
  STRING_OR_NUMBER,
} from '../fields/field.decorators';

/** A JSON Schema (draft 7 subset, as AsyncAPI 3.0 Schema Objects accept). */
export type JsonSchema = { [key: string]: unknown };

type Rule = (schema: JsonSchema, constraints: unknown[]) => void;

// The class-validator rules the catalog uses, as JSON Schema. A rule missing here fails the
// generator instead of being silently left out of the published contract.
const rules: Record<string, Rule> = {
  isString: (s) => (s.type = 'string'),
  isInt: (s) => (s.type = 'integer'),
  isNumber: (s) => (s.type = 'number'),
  isBoolean: (s) => (s.type = 'boolean'),
  isObject: (s) => (s.type = 'object'),
  isArray: (s) => (s.type = 'array'),
  min: (s, [n]) => (s.minimum = n),
  max: (s, [n]) => (s.maximum = n),
  matches: (s, [pattern]) => (s.pattern = pattern instanceof RegExp ? pattern.source : String(pattern)),
  isIn: (s, [values]) => (s.enum = values),
  isLength: (s, [min, max]) => {
    s.minLength = min;
    if (max !== undefined) s.maxLength = max;
  },
  arrayMinSize: (s, [n]) => (s.minItems = n),
  [CALENDAR_DATE]: (s) => (s.format = 'date'),
  [CALENDAR_TIMESTAMP]: (s) => (s.format = 'date-time'),
  [STRING_OR_NUMBER]: (s) => {
    delete s.type;
    s.oneOf = [{ type: 'string', minLength: 1, pattern: FREE_TEXT_PATTERN.source }, { type: 'number' }];
  },
};

type Ctor = new () => object;

function metadataOf(target: Ctor): ValidationMetadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
}

/** The JSON Schema of a class-validator payload class, read from its decorators' metadata. */
export function jsonSchemaOf(target: Ctor): JsonSchema {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metadataOf(target)) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);

  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [property, metas] of byProperty) {
    const schema: JsonSchema = {};
    const items: JsonSchema = {};
    let optional = false;
    for (const m of metas) {
      if (m.type === ValidationTypes.CONDITIONAL_VALIDATION && m.name === 'isOptional') {
        optional = true;
        continue;
      }
      if (m.type === ValidationTypes.NESTED_VALIDATION) {
        const nested = nestedTypeOf(target, property);
        if (!nested)
          throw new Error(`${target.name}.${property}: @ValidateNested needs IsNested() so the schema knows the class`);
        Object.assign(m.each || nested.array ? items : schema, jsonSchemaOf(nested.type()));
        continue;
      }
      const rule = m.name ? rules[m.name] : undefined;
      if (!rule || (m.type !== ValidationTypes.CUSTOM_VALIDATION && m.type !== ValidationTypes.IS_DEFINED)) {
        throw new Error(`${target.name}.${property}: no JSON Schema mapping for validator ${m.name ?? m.type}`);
      }
      rule(m.each ? items : schema, m.constraints ?? []);
    }
    if (Object.keys(items).length) {
      schema.type = 'array';
      schema.items = items;
    }
    properties[property] = schema;
    if (!optional) required.push(property);
  }
  // No additionalProperties: false: readers ignore unknown fields (docs/architecture.md "Events"), so a v1 payload may
  // gain optional fields without a new version.
  // The title names the class for code generators (libs/contracts/src/asyncapi/named-schemas.ts hoists titled schemas).
  return { title: target.name, type: 'object', properties, required };
}
