import { checkCharacter, findIdNumbers } from '@civic/identity';
import fc from 'fast-check';
import type { InjectableApp } from '../service-test-app';

// A hostile client for one service, driven by its own OpenAPI document (issue 18): for every
// operation it sends requests generated from the JSON schemas with fast-check, then the hostile
// cases (nesting 10,000 deep, NUL characters, numbers beyond any bound, invalid UTF-8, wrong types,
// unknown fields, resident ID numbers in disguise, over-long and malformed path parameters). Every
// answer must be below 500, every error a problem-details body, and no answer may carry a resident
// ID number in any disguise. Requests go through Fastify's inject: no sockets, a few ms each.

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents are read freely */
type Schema = Record<string, any>;
type Doc = { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, Schema> } };

/** What one fuzz run sent and what it found. */
export interface FuzzReport {
  operations: number;
  generated: number;
  hostile: number;
  byStatus: Record<string, number>;
  failures: string[];
  ms: number;
}

export interface FuzzOptions {
  /** Bearer token with every role of the service, so requests get past the guards to validation. */
  bearer: string;
  /** fast-check seed: the same seed sends the same requests. */
  seed?: number;
  /** Generated requests per operation (hostile cases come on top). */
  runsPerOperation?: number;
  /** Operations to leave out, as `METHOD /path` of the document. */
  skip?: (method: string, path: string) => boolean;
  /**
   * Routes whose errors follow another published protocol (the DCI envelope of hub-gateway's
   * registry routes): true when `body` is a proper error of that protocol for the document path.
   */
  protocolError?: (path: string, body: string) => boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A valid resident ID number and the disguises the guards must see through. */
export function idNumberDisguises(): string[] {
  const first17 = '44200019800101123';
  const id = first17 + checkCharacter(first17);
  const wide = [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
  return [
    id,
    `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
    `${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`,
    `${id.slice(0, 4)}.${id.slice(4, 8)}.${id.slice(8, 12)}.${id.slice(12)}`,
    wide,
    [...id].join('\u200b'),
    '4420008001011', // not an ID: control for the scan's false positives
  ].filter((s) => s.length > 13);
}

const HOSTILE_STRINGS = [
  'a\u0000b',
  '\u0000',
  'x'.repeat(10_000),
  '\ud800',
  '\u202e\u0000',
  "' OR 1=1 --",
  '../../etc/passwd',
  '1e400',
  '-0',
  '',
  ...idNumberDisguises(),
];
const HOSTILE_NUMBERS = [1e20, 2 ** 63, 2 ** 53 + 1, -1e20, -1, 0.5, 1e308];

/** Sends every generated and hostile request of the service's OpenAPI document; never throws on a finding. */
export async function fuzzService(app: InjectableApp, opts: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const docRes = await app.inject({ method: 'GET', url: '/api/docs-json', headers: {} });
  if (docRes.statusCode !== 200) throw new Error(`GET /api/docs-json answered ${docRes.statusCode}`);
  const doc = JSON.parse(docRes.body) as Doc;
  const report: FuzzReport = { operations: 0, generated: 0, hostile: 0, byStatus: {}, failures: [], ms: 0 };
  const seed = opts.seed ?? 18;
  const runs = opts.runsPerOperation ?? 5;

  const send = async (
    kind: 'generated' | 'hostile',
    what: string,
    method: string,
    url: string,
    payload?: string | Buffer,
    contentType = 'application/json',
  ) => {
    report[kind]++;
    const res = (await app.inject({
      method: method.toUpperCase(),
      url,
      headers: {
        authorization: `Bearer ${opts.bearer}`,
        ...(payload !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(payload !== undefined ? { payload: payload as string } : {}),
    })) as { statusCode: number; body: string; headers?: Record<string, unknown> };
    report.byStatus[res.statusCode] = (report.byStatus[res.statusCode] ?? 0) + 1;
    const problem = checkAnswer(res, (body) => opts.protocolError?.(currentPath, body) ?? false);
    if (problem && report.failures.length < 50)
      report.failures.push(
        `${method.toUpperCase()} ${url.slice(0, 120)} (${what}): ${problem}; body ${res.body.slice(0, 200)}`,
      );
  };

  let currentPath = '';
  for (const [path, item] of Object.entries(doc.paths)) {
    currentPath = path;
    for (const method of METHODS) {
      const op = item[method];
      if (!op || opts.skip?.(method.toUpperCase(), path)) continue;
      report.operations++;
      const params: Schema[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolve(doc, p));
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const bodyArb = bodySchema ? arbitraryOf(doc, resolve(doc, bodySchema), 0) : fc.constant(undefined);
      const requestArb = fc.record({
        path: fc.tuple(...pathParams.map(() => pathValue()), fc.constant(null)),
        query: fc.tuple(
          ...queryParams.map((p) => fc.option(arbitraryOf(doc, resolve(doc, p.schema ?? {}), 1), { nil: undefined })),
          fc.constant(null),
        ),
        body: bodyArb,
      });
      const samples = fc.sample(requestArb, { seed: seed + report.operations, numRuns: runs });
      const urlOf = (pathValues: string[], query: [string, unknown][] = []) => {
        let i = 0;
        const filled = path.replace(/\{[^}]+\}/g, () => pathValues[i++] ?? 'x');
        const qs = query
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${enc(k)}=${enc(typeof v === 'string' ? v : JSON.stringify(v))}`)
          .join('&');
        return qs ? `${filled}?${qs}` : filled;
      };

      for (const s of samples) {
        const pathValues = (s.path as unknown[]).slice(0, -1) as string[];
        const query = queryParams.map((p, i): [string, unknown] => [p.name, (s.query as unknown[])[i]]);
        await send(
          'generated',
          'generated',
          method,
          urlOf(pathValues, query),
          bodySchema ? JSON.stringify(s.body ?? null) : undefined,
        );
      }

      // hostile path parameters, one at a time
      const plain = pathParams.map(() => 'fuzz-id-1');
      for (let i = 0; i < pathParams.length; i++) {
        for (const bad of ['a%00b', enc(idNumberDisguises()[4]), 'x'.repeat(300), '%E0%A4%A']) {
          const values = [...plain];
          values[i] = bad;
          await send('hostile', `path ${pathParams[i].name}`, method, urlOf(values), bodySchema ? '{}' : undefined);
        }
      }
      // hostile query parameters
      for (const p of queryParams.slice(0, 6)) {
        for (const bad of ['a\u0000', '1e400', idNumberDisguises()[1]])
          await send('hostile', `query ${p.name}`, method, urlOf(plain, [[p.name, bad]]));
      }
      if (queryParams[0])
        await send(
          'hostile',
          'a query parameter twice',
          method,
          `${urlOf(plain)}?${queryParams[0].name}=1&${queryParams[0].name}=2`,
        );
      if (!bodySchema) continue;

      // hostile bodies: nesting, types, encodings, then each field of a sample body spoiled in turn
      const base = (samples.find((x) => x.body && typeof x.body === 'object')?.body as Record<string, unknown>) ?? {};
      const url = urlOf(plain);
      const bodies: [string, string | Buffer, string?][] = [
        ['arrays 10,000 deep', '['.repeat(10_000) + ']'.repeat(10_000)],
        ['objects 5,000 deep', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)],
        ['a string', '"text"'],
        ['invalid UTF-8', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')])],
        ['unknown fields and a NUL key', JSON.stringify({ ...base, unknownField: 1, ['a\u0000']: 2 })],
        ['prototype keys', `{"__proto__":{"admin":true},${JSON.stringify(base).slice(1)}`],
        ['an unknown media type', '<a/>', 'application/xml'],
      ];
      for (const [what, payload, type] of bodies) await send('hostile', what, method, url, payload, type);
      for (const [field, value] of spoiledFields(base)) {
        await send('hostile', `${field} spoiled`, method, url, JSON.stringify(value));
      }
    }
  }
  report.ms = Date.now() - started;
  return report;
}

/** What is wrong with an answer: a 5xx, an error body that is not problem details, or an ID number in it. */
function checkAnswer(
  res: { statusCode: number; body: string; headers?: Record<string, unknown> },
  protocolError: (body: string) => boolean,
): string | undefined {
  if (res.statusCode >= 500) return `answered ${res.statusCode}`;
  const found = findIdNumbers(res.body);
  if (found.length) return `the answer carries a resident ID number (${found.length})`;
  if (res.statusCode < 400 || protocolError(res.body)) return undefined;
  const type = String(res.headers?.['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) return `error answered as ${type || 'no content type'}`;
  try {
    const body = JSON.parse(res.body);
    if (body.status !== res.statusCode || typeof body.title !== 'string' || typeof body.type !== 'string')
      return 'error body lacks type, title or the matching status';
  } catch {
    return 'error body is not JSON';
  }
  return undefined;
}

/** For each field of the body (top level and one level down), the body with that field hostile. */
function spoiledFields(base: Record<string, unknown>): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  const ids = idNumberDisguises();
  const numbers = [1e20, 2 ** 53 + 1, 2 ** 63];
  const fields = Object.entries(base).slice(0, 10);
  for (const [k, v] of fields) {
    const spoil = (label: string, value: unknown) => out.push([`${k} ${label}`, { ...base, [k]: value }]);
    if (typeof v === 'string' || v === undefined || v === null) {
      spoil('NUL', 'a\u0000b');
      spoil('ID number', `see ${ids[out.length % ids.length]}`);
    } else if (typeof v === 'number') {
      spoil('huge', numbers[out.length % numbers.length]);
    } else if (Array.isArray(v)) {
      spoil(
        '10,000 items',
        Array.from({ length: 10_000 }, () => v[0] ?? 1),
      );
    } else if (typeof v === 'object') {
      for (const [k2, v2] of Object.entries(v as object).slice(0, 4))
        out.push([
          `${k}.${k2} spoiled`,
          { ...base, [k]: { ...(v as object), [k2]: typeof v2 === 'number' ? 1e20 : '\u0000' } },
        ]);
    } else {
      spoil('as string', 'true');
    }
  }
  return out;
}

// encodeURIComponent throws on a lone surrogate: send the bytes a careless client would (CESU-8)
function enc(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return v.replace(/[\ud800-\udfff]/g, '%ED%A0%80').replace(/[^A-Za-z0-9%_.~-]/g, (c) => encodeURIComponent(c));
  }
}

function pathValue(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('fuzz-1', '1', '2025-01', '442000100', 'hh-00000000-0000-0000-0000-000000000000'),
    fc.string({ maxLength: 12 }).map(enc),
    fc.constantFrom(...HOSTILE_STRINGS.slice(0, 8)).map(enc),
  );
}

function resolve(doc: Doc, s: Schema): Schema {
  let out = s;
  for (let i = 0; out?.$ref && i < 10; i++) out = doc.components?.schemas?.[String(out.$ref).split('/').pop()!] ?? {};
  return out ?? {};
}

/** A fast-check arbitrary for a JSON schema: mostly its own shapes and examples, sometimes hostile values. */
function arbitraryOf(doc: Doc, raw: Schema, depth: number): fc.Arbitrary<unknown> {
  const s = resolve(doc, raw);
  const hostile = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...HOSTILE_NUMBERS));
  const example = s.example !== undefined ? [fc.constant(s.example)] : [];
  if (Array.isArray(s.enum) && s.enum.length)
    return fc.oneof({ arbitrary: fc.constantFrom(...s.enum), weight: 8 }, { arbitrary: hostile, weight: 1 });
  if (s.allOf) return arbitraryOf(doc, Object.assign({}, ...s.allOf.map((x: Schema) => resolve(doc, x))), depth);
  if (s.oneOf || s.anyOf) return fc.oneof(...(s.oneOf ?? s.anyOf).map((x: Schema) => arbitraryOf(doc, x, depth)));
  const weighted = (own: fc.Arbitrary<unknown>) =>
    fc.oneof(
      ...example.map((e) => ({ arbitrary: e, weight: 4 })),
      { arbitrary: own, weight: 4 },
      { arbitrary: hostile, weight: 1 },
    );
  switch (s.type) {
    case 'string':
      if (s.format === 'date' || /date|On$|From$/i.test(String(s.description ?? '')))
        return weighted(fc.constantFrom('2025-03-01', '1899-12-31', '2101-01-01', '0000-00-00', '2025-02-30'));
      return weighted(fc.string({ maxLength: 24 }));
    case 'integer':
      return weighted(fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.constantFrom(...HOSTILE_NUMBERS)));
    case 'number':
      return weighted(
        fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...HOSTILE_NUMBERS)),
      );
    case 'boolean':
      return weighted(fc.boolean());
    case 'array':
      if (depth > 4) return fc.constant([]);
      return weighted(fc.array(arbitraryOf(doc, s.items ?? {}, depth + 1), { maxLength: 3 }));
    default: {
      if (s.type === 'object' || s.properties) {
        if (depth > 4) return fc.constant({});
        const props = Object.fromEntries(
          Object.entries(s.properties ?? {}).map(([k, v]) => [k, arbitraryOf(doc, v as Schema, depth + 1)]),
        );
        const record = fc.record(props, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) });
        return fc.oneof(
          { arbitrary: record, weight: 6 },
          { arbitrary: record.map((r) => ({ ...(r as object), unexpected: 'field' })), weight: 1 },
        );
      }
      return fc.oneof(...example, fc.jsonValue({ maxDepth: 2 }), hostile);
    }
  }
}
