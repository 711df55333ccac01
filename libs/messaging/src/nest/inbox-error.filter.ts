import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Hands a listener's error to the inbox transport unchanged. Nest's default RPC filter replaces
 * every error with `{ status: 'error', message: 'Internal server error' }`, which would lose the
 * dead-letter message and hide NonRetryableError. Bound by `@InboxListener()`.
 */
@Catch()
export class InboxErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
