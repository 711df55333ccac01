import { HttpException } from '@nestjs/common';
import { ProblemException, redactIdNumbers, toProblem } from '@civic/platform';

/** The error codes of the DCI `Error` schema (social_api v1.0.0, components.schemas.Error.code). */
export const DCI_ERROR_CODES = [
  'err.request.bad',
  'err.request.unauthorized',
  'err.request.forbidden',
  'err.request.not_found',
  'err.request.timeout',
  'err.version.not_supported',
  'err.request.too_many_requests',
  'err.sender_id.invalid',
  'err.sender_uri.invalid',
  'err.receiver_id.invalid',
  'err.signature.missing',
  'err.signature.invalid',
  'err.encryption.invalid',
  'err.service.unavailable',
] as const;
export type DciErrorCode = (typeof DCI_ERROR_CODES)[number];

/** The header status reason codes (MsgHeaderStatusReasonCode) a sync error answer may carry. */
const HEADER_REASON_CODES = new Set([
  'rjct.version.invalid',
  'rjct.message_id.duplicate',
  'rjct.message_ts.invalid',
  'rjct.action.invalid',
  'rjct.action.not_supported',
  'rjct.total_count.invalid',
  'rjct.total_count.limit_exceeded',
  'rjct.errors.too_many',
]);

const BY_STATUS: Record<number, DciErrorCode> = {
  400: 'err.request.bad',
  401: 'err.request.unauthorized',
  403: 'err.request.forbidden',
  404: 'err.request.not_found',
  408: 'err.request.timeout',
  409: 'err.request.bad',
  413: 'err.request.bad',
  422: 'err.request.bad',
  429: 'err.request.too_many_requests',
};

/** A refusal as the DCI standard words it. */
export interface DciRefusal {
  status: number;
  /** One of the Error schema's codes. */
  code: DciErrorCode;
  /** A finer MsgHeaderStatusReasonCode, when the cause has one (e.g. rjct.message_ts.invalid). */
  reasonCode?: string;
  /** At most 999 characters (Error.message), naming field and rule, never echoing a resident ID. */
  message: string;
  headers: Record<string, string>;
  serverFault: boolean;
}

/**
 * Maps what a DCI route threw to the standard's error vocabulary: the gateway's own codes
 * (extras.code on ProblemException) when they are DCI codes, else the code for the HTTP status; a
 * rjct.* code of the message header is kept as the reason code and in the message.
 */
export function toDciRefusal(exception: unknown): DciRefusal {
  if (!(exception instanceof HttpException) || exception.getStatus() >= 500) {
    // a server fault gets the REST routes' status and headers (503 with Retry-After for an unreachable
    // database, libs/platform's toProblem), never their body
    const { problem, headers } = toProblem(exception, '');
    return {
      status: problem.status === 503 ? 503 : 500,
      code: 'err.service.unavailable',
      message: 'the gateway could not answer this message; retry later',
      headers,
      serverFault: true,
    };
  }
  const status = exception.getStatus();
  const problem = exception instanceof ProblemException ? exception.problem : undefined;
  const own = typeof problem?.code === 'string' ? problem.code : undefined;
  const code = (DCI_ERROR_CODES as readonly string[]).includes(own ?? '')
    ? (own as DciErrorCode)
    : (BY_STATUS[status] ?? 'err.request.bad');
  const reasonCode = own && HEADER_REASON_CODES.has(own) ? own : undefined;
  const detail = problem?.detail ?? exception.message;
  const fields = problem?.errors?.length ? problem.errors.map((e) => `${e.field} (${e.rule}): ${e.message}`) : [];
  const text = [own && own !== code ? `${own}:` : '', fields.length ? fields.join('; ') : detail]
    .filter(Boolean)
    .join(' ');
  return {
    status,
    code,
    ...(reasonCode ? { reasonCode } : {}),
    message: redactIdNumbers(text).slice(0, 999),
    headers: exception instanceof ProblemException ? exception.headers : {},
    serverFault: false,
  };
}
