import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { AbstractHttpAdapter } from '@nestjs/core';
import { throwError } from 'rxjs';
import { correlation } from '../logging/correlation';
import { redactIdNumbers } from '../logging/redact-id-numbers';
import { toProblem } from './to-problem';

/**
 * Answers every HTTP error as `application/problem+json` (RFC 9457) carrying the correlation id,
 * and logs server faults with their stack. Outside HTTP (consumers inheriting the app's filters)
 * it passes the error on, so the consumer's own retry and dead-letter path decides.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly http: AbstractHttpAdapter) {}

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') return throwError(() => exception);
    const ctx = host.switchToHttp();
    const req = ctx.getRequest();
    const res = ctx.getResponse();
    const path = instanceOf(String(this.http.getRequestUrl(req) ?? ''));
    const { problem, headers, serverFault } = toProblem(exception, path);
    const correlationId = correlation.current();
    if (correlationId) problem.correlationId = correlationId;
    if (serverFault) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({
        msg: `${this.http.getRequestMethod(req)} ${path} failed: ${err.message}`,
        status: problem.status,
        err: { name: err.name, stack: err.stack },
      });
    }
    if (this.http.isHeadersSent(res)) return;
    for (const [name, value] of Object.entries(headers)) this.http.setHeader(res, name, value);
    this.http.setHeader(res, 'content-type', 'application/problem+json');
    // a path or message may echo what the caller sent: no raw ID number goes back out
    this.http.reply(res, redactIdNumbers(JSON.stringify(problem)), problem.status);
  }
}

/**
 * The request path as the problem's `instance`, decoded so that a resident ID number written with
 * percent-escapes (full-width digits arrive as %EF%BC%94…) is seen and redacted like a plain one.
 */
function instanceOf(url: string): string {
  const path = url.split('?')[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return redactIdNumbers(path);
  }
  return decoded === path || redactIdNumbers(decoded) === decoded ? path : redactIdNumbers(decoded);
}
