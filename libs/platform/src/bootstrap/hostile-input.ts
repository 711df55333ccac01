// Input no handler should ever see, refused for every service in one place with a 400 naming the
// field: JSON nested deeper than any DTO (class-transformer and the validation pipe recurse, so
// 5,000 levels overflowed the stack and answered 500) and NUL characters (PostgreSQL refuses 0x00
// in text, so a NUL in a body, query or path parameter answered 500 from the first query).
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_TYPES } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';

/** Deepest nesting of objects and arrays a request body may have (the deepest DTO is far below it). */
export const MAX_JSON_DEPTH = 64;

/** True when the JSON text nests objects and arrays deeper than `limit`; strings are skipped, nothing is parsed. */
export function jsonDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Path of the first string or key holding a NUL character (`members[0].name`, or `prefix` itself), or undefined. */
export function findNulCharacter(value: unknown, prefix = '', depth = 0): string | undefined {
  const here = prefix || '(body)';
  if (typeof value === 'string') return value.includes('\u0000') ? here : undefined;
  // parsed JSON only: a streamed body (text/csv in hub-gateway) or a Buffer is its handler's to read
  if (typeof value !== 'object' || value === null || depth > MAX_JSON_DEPTH) return undefined;
  const proto = Object.getPrototypeOf(value);
  const array = Array.isArray(value);
  if (!array && proto !== Object.prototype && proto !== null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const p = array ? `${prefix}[${k}]` : prefix ? `${prefix}.${k}` : k;
    if (k.includes('\u0000')) return `${prefix || '(body)'} (a key)`;
    const found = findNulCharacter(v, p, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

const nulRefused = (field: string) =>
  ProblemException.invalidField(field, 'noNulCharacter', `${field} must not contain a NUL character (U+0000)`);

/**
 * Installs the guards before Nest registers its routes: the JSON body parser refuses deep nesting
 * before parsing (then parses with Fastify's own, prototype-poisoning checks included), and a
 * preValidation hook refuses NUL characters in body, query and path parameters. Registering a
 * parser through the adapter tells Nest not to add its defaults, so the form parser is added too.
 */
export function installInputGuards(adapter: FastifyAdapter): void {
  const fastify = adapter.getInstance();
  const { bodyLimit, onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig as {
    bodyLimit?: number;
    onProtoPoisoning?: 'error' | 'remove' | 'ignore';
    onConstructorPoisoning?: 'error' | 'remove' | 'ignore';
  };
  const parseJson = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  adapter.useBodyParser('application/json', false, { bodyLimit }, (req, body, done) => {
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
    if (jsonDeeperThan(text, MAX_JSON_DEPTH))
      return done(
        ProblemException.invalidField(
          '(body)',
          'maxDepth',
          `the body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`,
        ),
        undefined,
      );
    parseJson(req, text, done);
  });
  adapter.useBodyParser('application/x-www-form-urlencoded', false, { bodyLimit }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  fastify.addHook('preValidation', (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    const params = req.params as Record<string, unknown> | undefined;
    const query = req.query as Record<string, unknown> | undefined;
    const field =
      // Fastify's params and query objects are not plain objects: copied, they are walked like one
      findNulCharacter({ ...params }) ??
      findNulCharacter({ ...query }) ??
      (req.body === undefined ? undefined : findNulCharacter(req.body));
    done(field === undefined ? undefined : nulRefused(field));
  });
}

// What Fastify answers itself, before any route or hook (find-my-way's URL checks): problem
// details like every other error, without echoing the URL (it may carry what the caller typed).
const FRAMEWORK_DETAILS: Record<string, string> = {
  FST_ERR_MAX_PARAM_LENGTH: 'a path parameter is longer than the service accepts',
  FST_ERR_BAD_URL: 'the path is not a valid URL (malformed percent-encoding)',
  FST_ERR_ASYNC_CONSTRAINT: 'the request could not be routed',
};

/** Fastify's `frameworkErrors` option: its own 400/414 answers as RFC 9457 problem details. */
export function frameworkErrorAsProblem(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  reply
    .code(status)
    .header('content-type', 'application/problem+json')
    .send(
      JSON.stringify({
        type: PROBLEM_TYPES.blank,
        title: STATUS_CODES[status] ?? 'Bad Request',
        status,
        detail: FRAMEWORK_DETAILS[error.code] ?? 'the request could not be read',
        correlationId: req.id,
      }),
    );
}
