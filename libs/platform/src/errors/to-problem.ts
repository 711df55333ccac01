import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable';
import { Problem, PROBLEM_TYPES } from './problem';
import { ProblemException } from './problem.exception';

/** What the filter answers, plus whether the cause must be logged as a server fault. */
export interface MappedProblem {
  problem: Problem;
  headers: Record<string, string>;
  serverFault: boolean;
}

/**
 * Maps anything thrown while handling a request to a problem. 4xx causes keep their message
 * (they describe the caller's mistake); an unreachable database is a 503 with Retry-After;
 * anything else becomes a bare 500 so no internals leak.
 */
export function toProblem(exception: unknown, instance: string): MappedProblem {
  if (exception instanceof ProblemException) {
    return {
      problem: { ...exception.problem, instance },
      headers: exception.headers,
      serverFault: exception.getStatus() >= 500,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status < 500) {
      return {
        problem: {
          type: PROBLEM_TYPES.blank,
          title: STATUS_CODES[status] ?? 'Error',
          status,
          detail: detailOf(exception, status),
          instance,
        },
        headers: {},
        serverFault: false,
      };
    }
    if (status === 503) return serverFault(503, instance);
  }
  if (isDatabaseUnavailable(exception))
    return serverFault(503, instance, { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) });
  return serverFault(500, instance);
}

/** The bare answers to a server fault: nothing of its cause goes out. */
const SERVER_FAULTS = {
  500: {
    type: PROBLEM_TYPES.internal,
    detail: 'An unexpected error occurred; quote the correlation id when reporting it.',
  },
  503: { type: PROBLEM_TYPES.unavailable, detail: 'The service is temporarily unavailable; retry later.' },
};

function serverFault(status: 500 | 503, instance: string, headers: Record<string, string> = {}): MappedProblem {
  const { type, detail } = SERVER_FAULTS[status];
  return { problem: { type, title: STATUS_CODES[status]!, status, detail, instance }, headers, serverFault: true };
}

// Nest's unmatched-route 404 reads "Cannot GET /the/path": the path is already the problem's
// `instance` (redacted there), so the detail does not repeat what the caller typed.
function detailOf(e: HttpException, status: number): string {
  const message = messageOf(e);
  if (status === 404 && /^Cannot [A-Z]+ /.test(message)) return 'No route matches this method and path';
  return message;
}

function messageOf(e: HttpException): string {
  const body = e.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : e.message;
}
