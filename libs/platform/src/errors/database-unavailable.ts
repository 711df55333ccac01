// An error that says the database could not be reached, not that the request or the code was wrong:
// the server refused or dropped the connection, is shutting down or starting, or has no connection
// slot left. A request that meets one is answered 503 with Retry-After (to-problem.ts): the caller
// (the data hub, another department) should retry later, and a 500 would read as a defect. What the
// transaction wrote is rolled back either way.

/** Seconds a caller is asked to wait before retrying a request the database could not serve. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** SQLSTATEs of an unreachable or unavailable server (PostgreSQL appendix A): class 08, and three of 57 and 53. */
const UNAVAILABLE_STATES = /^(08...|57P01|57P02|57P03|53300)$/;

/** System error codes of a connection that could not be made or was lost. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What node-postgres and its pool throw without a code when a connection ends or cannot be had in time. */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)$/;

/** True when `e` (or the driver error TypeORM wraps, or its cause) says the database is unavailable. */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && typeof cur === 'object' && depth < 4; depth++) {
    const { code, message, driverError, cause } = cur as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_CODES.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    cur = driverError ?? cause;
  }
  return false;
}
