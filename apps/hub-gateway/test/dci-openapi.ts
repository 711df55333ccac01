import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

// Loads the vendored DCI social_api v1.0.0 excerpt for ajv. ERRATA are the places where the
// published document contradicts itself; each is fixed here, visibly, rather than in the file:
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
];

const file = join(__dirname, '..', 'spec', 'social_api_v1.0.0.excerpt.yaml');

/** Validators for the DCI social registry document: request and default-response bodies of a path, or a component. */
export function loadDciOpenApi() {
  const doc = parse(readFileSync(file, 'utf8'));
  for (const e of ERRATA) e.apply(doc);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
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
  };
}
