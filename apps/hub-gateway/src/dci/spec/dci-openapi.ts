import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import type { FieldError } from '@civic/platform';

// Loads the vendored DCI social_api v1.0.0 excerpt (spec/) for ajv: the gateway checks the content of
// incoming messages with it before acknowledging them, and the tests check every request and answer.
// ERRATA are the places where the published document contradicts itself; each is fixed here,
// visibly, rather than in the file:
const ERRATA: { what: string; apply: (doc: any) => void }[] = [
  {
    what: 'SearchRequest query expression refs point through a $ref (#/paths/.../message/oneOf/0/properties/...), which no JSON Pointer resolver follows; point them at the component itself',
    apply: (doc) => {
      const items =
        doc.components.schemas.SearchRequest.properties.search_request.items.properties.search_criteria.properties.query
          .oneOf[2].items.properties;
      const base =
        '#/components/schemas/SearchRequest/properties/search_request/items/properties/search_criteria/properties/query';
      items.expression1.properties.attribute_value.$ref = `${base}/oneOf/1/properties/value/allOf/1`;
      items.expression2.$ref = `${base}/oneOf/2/items/properties/expression1`;
    },
  },
  {
    what: 'UnSubscribeRequest names its properties timesstamp / subscription_codes but requires timestamp / sunscription_codes',
    apply: (doc) => {
      const s = doc.components.schemas.UnSubscribeRequest;
      s.properties.timestamp = s.properties.timesstamp;
      delete s.properties.timesstamp;
      s.required = ['transaction_id', 'timestamp', 'subscription_codes'];
    },
  },
  {
    what: 'UnSubscribeResponse names its property timesatmp but requires timestamp',
    apply: (doc) => {
      const s = doc.components.schemas.UnSubscribeResponse;
      s.properties.timestamp = s.properties.timesatmp;
      delete s.properties.timesatmp;
    },
  },
  {
    what: 'SubscribeResponse subscriptions[] requires subscription_code and subscribe_criteria, which are not among its properties (code, status, timestamp, ...)',
    apply: (doc) => {
      doc.components.schemas.SubscribeResponse.properties.subscribe_response.items.properties.subscriptions.items.required =
        ['code', 'timestamp'];
    },
  },
  {
    what: 'TxnStatusRequest attribute_value is a oneOf of two plain strings (transaction_id, correlation_id) and an array, so no string can ever match exactly one; read it as anyOf',
    apply: (doc) => {
      const v = doc.components.schemas.TxnStatusRequest.properties.txnstatus_request.properties.attribute_value;
      v.anyOf = v.oneOf;
      delete v.oneOf;
    },
  },
  {
    what: 'SearchRequest query: an expression object {type, value: {expression}} matches both the first (value an object) and the second (value any of string, number, boolean, object) branch of its oneOf, so the form the document defines for query_type expression can never be valid; read it as anyOf',
    apply: (doc) => {
      const q =
        doc.components.schemas.SearchRequest.properties.search_request.items.properties.search_criteria.properties
          .query;
      q.anyOf = q.oneOf;
      delete q.oneOf;
      const items = q.anyOf[2].items.properties;
      items.expression1.properties.attribute_value.$ref = items.expression1.properties.attribute_value.$ref.replace(
        '/query/oneOf/',
        '/query/anyOf/',
      );
      items.expression2.$ref = items.expression2.$ref.replace('/query/oneOf/', '/query/anyOf/');
    },
  },
];

const file = join(__dirname, '..', '..', '..', 'spec', 'social_api_v1.0.0.excerpt.yaml');

/** Validators for the DCI social registry document: request and default-response bodies of a path, or a component. */
export function loadDciOpenApi() {
  const doc = parse(readFileSync(file, 'utf8'));
  for (const e of ERRATA) e.apply(doc);
  const ajv = new Ajv({ strict: false, allErrors: true });
  // the three formats the document uses; date-time as RFC 3339 has it, so a timestamp without a zone fails
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addFormat('uri', { type: 'string', validate: (s: string) => URL.canParse(s) });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addSchema(doc, 'dci');
  const cache = new Map<string, ValidateFunction>();
  const compile = (pointer: string) => {
    if (!cache.has(pointer)) cache.set(pointer, ajv.compile({ $ref: `dci#${pointer}` }));
    return cache.get(pointer) as ValidateFunction;
  };
  const escape = (path: string) => path.replace(/~/g, '~0').replace(/\//g, '~1');
  const check = (pointer: string, body: unknown): string[] => {
    const v = compile(pointer);
    return v(body)
      ? []
      : (v.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`);
  };
  /** Field errors of a value against a component: the field as a dotted path, the rule as the schema keyword, no input value. */
  const fieldErrors = (name: string, value: unknown, prefix: string): FieldError[] => {
    const v = compile(`/components/schemas/${escape(name)}`);
    if (v(value)) return [];
    const seen = new Set<string>();
    return (v.errors ?? [])
      .map((e) => ({
        field: `${prefix}${e.instancePath.replace(/\//g, '.')}${e.keyword === 'required' ? `.${e.params.missingProperty}` : ''}`,
        rule: e.keyword,
        message: e.message ?? 'is invalid',
      }))
      .filter((e) => !seen.has(`${e.field} ${e.rule}`) && seen.add(`${e.field} ${e.rule}`));
  };
  return {
    errata: ERRATA.map((e) => e.what),
    /** Errors of a request body of POST <path> (empty when valid). */
    request: (path: string, body: unknown) =>
      check(`/paths/${escape(path)}/post/requestBody/content/application~1json/schema`, body),
    /** Errors of the default (200) response of POST <path>; the DCI ACK `Response` where the path refers to it. */
    response: (path: string, body: unknown) => {
      const d = doc.paths[path].post.responses.default;
      return d.$ref
        ? check(`${d.$ref.slice(1)}/content/application~1json/schema`, body)
        : check(`/paths/${escape(path)}/post/responses/default/content/application~1json/schema`, body);
    },
    /** Errors against a component schema by name. */
    component: (name: string, body: unknown) => check(`/components/schemas/${escape(name)}`, body),
    fieldErrors,
    /** The document's operation paths. */
    paths: () => Object.keys(doc.paths),
  };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function isDateTime(s: string): boolean {
  return DATE_TIME.test(s) && !Number.isNaN(Date.parse(s));
}

let shared: ReturnType<typeof loadDciOpenApi> | undefined;

/** The document compiled once per process (the gateway's own checks). */
export function dciOpenApi(): ReturnType<typeof loadDciOpenApi> {
  return (shared ??= loadDciOpenApi());
}
