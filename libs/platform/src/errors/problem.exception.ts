import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { FieldError, Problem, PROBLEM_TYPES } from './problem';

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);

/** Extension members added to a problem (e.g. `currentState`); standard member names are ignored. */
export type ProblemExtras = Record<string, unknown>;

/** An HTTP error answered as RFC 9457 problem details by the platform's exception filter. */
export class ProblemException extends HttpException {
  readonly problem: Problem;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    detail: string,
    options: {
      type?: string;
      title?: string;
      errors?: FieldError[];
      extras?: ProblemExtras;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail, status);
    const extras = Object.fromEntries(Object.entries(options.extras ?? {}).filter(([k]) => !RESERVED.has(k)));
    this.problem = {
      ...extras,
      type: options.type ?? PROBLEM_TYPES.blank,
      title: options.title ?? STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      ...(options.errors ? { errors: options.errors } : {}),
    };
    this.headers = options.headers ?? {};
  }

  /** 400 with a field-level list (what the global ValidationPipe raises). */
  static validation(errors: FieldError[], detail = describe(errors)): ProblemException {
    return new ProblemException(400, detail, { type: PROBLEM_TYPES.validation, title: 'Invalid request', errors });
  }

  /** 400 for one field that passed DTO validation but breaks a rule the service checks. */
  static invalidField(field: string, rule: string, message: string): ProblemException {
    return ProblemException.validation([{ field, rule, message }], message);
  }

  /** 401 with a `WWW-Authenticate: Bearer` challenge. */
  static unauthorized(detail: string): ProblemException {
    return new ProblemException(401, detail, {
      type: PROBLEM_TYPES.unauthorized,
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }

  /** 403, e.g. a missing role, another department's object, or a duty-separation breach. */
  static forbidden(detail: string, extras?: ProblemExtras): ProblemException {
    return new ProblemException(403, detail, { type: PROBLEM_TYPES.forbidden, extras });
  }

  /** 404 naming what was looked for, e.g. notFound('case', id). */
  static notFound(objectType: string, id?: string, extras?: ProblemExtras): ProblemException {
    const detail = id === undefined ? `${objectType} not found` : `${objectType} ${id} not found`;
    return new ProblemException(404, detail, { type: PROBLEM_TYPES.notFound, extras });
  }

  /** 409 when the object's state forbids the action; pass e.g. `{ currentState }`. */
  static conflict(detail: string, extras?: ProblemExtras): ProblemException {
    return new ProblemException(409, detail, { type: PROBLEM_TYPES.conflict, extras });
  }
}

function describe(errors: FieldError[]): string {
  const fields = [...new Set(errors.map((e) => e.field))];
  return `Invalid ${fields.length === 1 ? 'field' : 'fields'}: ${fields.join(', ')}`;
}
