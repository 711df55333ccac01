import { randomUUID } from 'node:crypto';
import { correlation } from '@civic/platform';
import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { throwError } from 'rxjs';
import { DciRefusal, toDciRefusal } from './dci-error';
import { DciReplies, errAck } from './dci-replies.service';

// The answer action of each synchronous DCI route; async routes answer with an acknowledgement.
const SYNC_ACTIONS: [RegExp, string][] = [
  [/^\/api\/v1\/registry\/sync\/search$/, 'on-search'],
  [/^\/api\/v1\/registry\/sync\/txn\/status$/, 'txn-on-status'],
];
const SENDER_ID = /^[A-Za-z0-9._-]{1,99}$/;

/**
 * Answers every refusal on a DCI route in the standard's form, as application/json (REST routes
 * keep RFC 9457 problem details through the platform's filter): an async route gets the
 * acknowledgement `{message: {ack_status: ERR, timestamp, error: {code, message}, correlation_id}}`
 * (components.responses.Response); a sync route, whose answer schema is the signed envelope, gets
 * a signed header with status rjct, the reason and, in header.meta.error, the same Error object.
 * Nothing of the request is copied back except a well-formed sender id as receiver_id.
 */
@Catch()
@Injectable()
export class DciErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('DciError');

  constructor(private readonly replies: DciReplies) {}

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') return throwError(() => exception);
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const path = req.url.split('?')[0];
    const refusal = toDciRefusal(exception);
    if (refusal.serverFault) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ msg: `POST ${path} failed: ${err.message}`, err: { name: err.name, stack: err.stack } });
    }
    if (res.sent) return;
    const body = answerOf(this.replies, path, req.body, refusal);
    void res
      .status(refusal.status)
      .headers({ ...refusal.headers, 'content-type': 'application/json' })
      .send(JSON.stringify(body));
  }
}

/** The DCI answer to a refusal on `path`: a signed rjct envelope on sync routes, an ERR acknowledgement otherwise. */
export function answerOf(replies: DciReplies, path: string, requestBody: unknown, refusal: DciRefusal): unknown {
  const action = SYNC_ACTIONS.find(([p]) => p.test(path))?.[1];
  const error = { code: refusal.code, message: refusal.message };
  let body: unknown;
  if (action) {
    const sender = (requestBody as { header?: { sender_id?: unknown } } | undefined)?.header?.sender_id;
    body = replies.refused(action, typeof sender === 'string' && SENDER_ID.test(sender) ? sender : undefined, {
      reasonCode: refusal.reasonCode,
      error,
    });
  } else {
    body = errAck(error, correlation.current() ?? randomUUID());
  }
  // the published document answers 401, 403 and 500 with HttpErrorResponse {errors: [{code, message}]};
  // carrying it beside the acknowledgement keeps the answer valid under either reading
  if ([401, 403].includes(refusal.status) || refusal.status >= 500) body = { ...(body as object), errors: [error] };
  return body;
}
