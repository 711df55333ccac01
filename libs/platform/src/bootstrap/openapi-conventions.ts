import { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ApiExtension, OpenAPIObject } from '@nestjs/swagger';
import { IS_PUBLIC } from '../auth/public.decorator';
import { REQUIRED_ROLES } from '../auth/roles.decorator';
import { PROBLEM_TYPES } from '../errors/problem';

// What every operation of every service's document states without each controller repeating it:
// the roles the guard demands, the problem-details errors the filter answers, and every path
// parameter of the route's template. A route's own declarations win over these defaults.

/** Extension naming the roles a route requires (any-of; empty = any authenticated user). */
export const X_REQUIRED_ROLES = 'x-required-roles';
/** Extension marking a route reachable without a token (@Public()). */
export const X_PUBLIC = 'x-public';

/** Extension naming the error body of a route that does not answer problem details (see ApiErrorFormat). */
export const X_ERROR_FORMAT = 'x-error-format';

/**
 * For a route whose errors follow another standard's body (the hub's DCI routes answer refusals in
 * the DCI form): the standard error responses are declared with this content instead of problem details.
 */
export const ApiErrorFormat = (mediaType: string, schema: Record<string, unknown>) =>
  ApiExtension(X_ERROR_FORMAT, { mediaType, schema });

const PROBLEM = 'application/problem+json';
const problemRef = { $ref: '#/components/schemas/ProblemDetails' };

/**
 * Attaches to each route handler, as an OpenAPI extension, what JwtAuthGuard reads: @Public() or
 * the @Roles() list (method over controller, as the guard's getAllAndOverride does). Run before
 * the document is created; applying it twice changes nothing (existing extensions win).
 */
export function annotateAccess(app: INestApplication): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller?.prototype) continue;
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, key);
        const handler = descriptor?.value as object | undefined;
        if (key === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const isPublic = Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller);
        const roles = Reflect.getMetadata(REQUIRED_ROLES, handler) ?? Reflect.getMetadata(REQUIRED_ROLES, controller);
        const extension = isPublic ? ApiExtension(X_PUBLIC, true) : ApiExtension(X_REQUIRED_ROLES, roles ?? []);
        extension(controller.prototype, key, descriptor!);
      }
    }
  }
}

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown; $ref?: string }[];
  requestBody?: unknown;
  responses: Record<
    string,
    { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }
  >;
  security?: unknown[];
  [extension: string]: unknown;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

const STANDARD: Record<string, string> = {
  '400': 'Invalid request: `errors` lists each field and the rule it breaks',
  '401': 'No valid bearer token',
  '403': 'The token lacks every required role (`requiredRoles` lists them), or the object is outside the caller’s area',
  '404': 'No such object, or the route is unknown',
  '500': 'Unexpected fault; quote the correlation id when reporting it',
  '503': 'The database is out of reach: nothing was stored; send the request again after `Retry-After` seconds',
};

/** The header of a 503 (errors/database-unavailable.ts). */
const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before sending the request again', schema: { type: 'integer' } },
};

/**
 * Completes a generated document: the ProblemDetails schema, the standard problem responses of
 * each operation (400 when it takes input, 401/403 unless public, 404 when it has path parameters,
 * 500, 503 with Retry-After), problem content (or the route's ApiErrorFormat) on every declared 4xx/5xx without content, the missing path parameters,
 * and the roles as a "Roles: …" line of the description.
 */
export function completeDocument(doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, ...problemSchemas() };
  for (const [path, item] of Object.entries(doc.paths)) {
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      declarePathParameters(op, templated);
      const isPublic = op[X_PUBLIC] === true;
      if (isPublic) op.security = [];
      const roles = op[X_REQUIRED_ROLES] as string[] | undefined;
      const access = isPublic
        ? 'Public: no bearer token needed.'
        : roles === undefined
          ? undefined
          : `Roles: ${roles.length ? roles.join(', ') : 'any authenticated user'}.`;
      if (access && !op.description?.includes(access))
        op.description = op.description ? `${op.description}\n\n${access}` : access;
      const takesInput = op.requestBody !== undefined || (op.parameters ?? []).length > 0;
      const standard = [
        ...(takesInput ? ['400'] : []),
        ...(isPublic ? [] : ['401', '403']),
        ...(templated.length ? ['404'] : []),
        '500',
        '503',
      ];
      for (const status of standard) op.responses[status] ??= { description: STANDARD[status] };
      op.responses['503'].headers ??= RETRY_AFTER;
      const format = op[X_ERROR_FORMAT] as { mediaType: string; schema: unknown } | undefined;
      const errorContent = format
        ? { [format.mediaType]: { schema: format.schema } }
        : { [PROBLEM]: { schema: problemRef } };
      for (const [status, response] of Object.entries(op.responses)) {
        if (/^[45]\d\d$/.test(status) && !response.content) response.content = errorContent;
      }
    }
  }
  return doc;
}

// two hub routes had `{param}` in their template but no declared parameter: every one is declared
function declarePathParameters(op: Operation, templated: string[]): void {
  const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
  for (const name of templated) {
    if (declared.has(name)) continue;
    op.parameters = [...(op.parameters ?? []), { name, in: 'path', required: true, schema: { type: 'string' } }];
  }
}

function problemSchemas() {
  return {
    FieldError: {
      type: 'object',
      required: ['field', 'rule', 'message'],
      properties: {
        field: { type: 'string', example: 'members[0].name', description: 'dotted path; `(body)` for the whole body' },
        rule: { type: 'string', example: 'isNotEmpty' },
        message: { type: 'string' },
      },
    },
    ProblemDetails: {
      type: 'object',
      description: 'RFC 9457 problem details, answered as application/problem+json (libs/platform/src/errors).',
      required: ['type', 'title', 'status'],
      properties: {
        type: { type: 'string', example: PROBLEM_TYPES.validation, enum: Object.values(PROBLEM_TYPES) },
        title: { type: 'string', example: 'Invalid request' },
        status: { type: 'integer', example: 400 },
        detail: { type: 'string' },
        instance: { type: 'string', description: 'the request path' },
        correlationId: { type: 'string', description: 'the request’s correlation id, as in the logs' },
        errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' }, description: 'on 400' },
        requiredRoles: { type: 'array', items: { type: 'string' }, description: 'on 403 for a missing role' },
        currentState: { type: 'string', description: 'on 409: the state that forbids the action' },
      },
      additionalProperties: true,
    },
  };
}
