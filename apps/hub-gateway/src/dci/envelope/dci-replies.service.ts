import { randomUUID } from 'node:crypto';
import { ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { refuseUrl } from '../../delivery/outbound-url';
import { WebhookDeliveryService } from '../../delivery/webhook-delivery.service';
import { HubGatewayConfig } from '../../hub-gateway.config';
import { HubSigner } from '../signing/hub-signer.service';
import { AdmittedMessage } from './message-gate.service';

/** The gateway's answers to a DCI request: a signed sync response, or an ACK now and a callback later. */
@Injectable()
export class DciReplies {
  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly signer: HubSigner,
    private readonly config: HubGatewayConfig,
  ) {}

  /** Callbacks go only under the sender's registered base URL: a request cannot point the gateway at another host. */
  callbackUrl(m: AdmittedMessage, path: string): string {
    const base = m.sender.callbackBaseUrl?.replace(/\/+$/, '');
    if (!base)
      throw new ProblemException(400, `sender ${m.sender.senderId} has no registered callback base URL`, {
        extras: { code: 'err.sender_uri.invalid' },
      });
    if (m.header.sender_uri && !m.header.sender_uri.startsWith(`${base}/`)) {
      throw new ProblemException(400, "header.sender_uri must be under the sender's registered callback base URL", {
        extras: { code: 'err.sender_uri.invalid' },
      });
    }
    const refused = refuseUrl(this.config.outboundRules(), m.sender.senderId, base);
    if (refused)
      throw new ProblemException(400, `the registered callback base URL of ${m.sender.senderId} ${refused}`, {
        extras: { code: 'err.sender_uri.invalid' },
      });
    return `${base}${path}`;
  }

  /** Enqueues a signed callback in the request's transaction; a replayed message cannot enqueue it twice. */
  callback(tx: EntityManager, m: AdmittedMessage, url: string, action: string, message: unknown, count: number) {
    return this.deliveries.enqueue(tx, {
      dedupeKey: `${action}:${m.sender.senderId}:${m.header.message_id}`,
      kind: 'dci',
      targetUrl: url,
      payload: {
        header: this.header(action, m.sender.senderId, count),
        message: message as Record<string, unknown>,
      },
    });
  }

  /** A sync response: the envelope signed with the gateway's key. */
  signed(action: string, receiverId: string, message: unknown, count: number) {
    const header = this.header(action, receiverId, count);
    return { signature: this.signer.sign(header, message), header, message };
  }

  /**
   * A sync route's refusal: the signed envelope with header status rjct (its answer schema has no
   * acknowledgement), the reason code when the header vocabulary has one, and the DCI Error in meta.
   */
  refused(
    action: string,
    receiverId: string | undefined,
    r: { reasonCode?: string; error: { code: string; message: string } },
  ) {
    const { receiver_id: _none, ...base } = this.header(action, receiverId ?? '', 0);
    const header = {
      ...base,
      ...(receiverId ? { receiver_id: receiverId } : {}),
      status: 'rjct',
      ...(r.reasonCode ? { status_reason_code: r.reasonCode } : {}),
      status_reason_message: `${r.error.code}: ${r.error.message}`.slice(0, 999),
      meta: { error: r.error },
    };
    return { signature: this.signer.sign(header, undefined), header };
  }

  private header(action: string, receiverId: string, count: number) {
    return {
      version: '1.0.0',
      message_id: randomUUID(),
      message_ts: new Date().toISOString(),
      action,
      status: 'succ',
      total_count: count,
      completed_count: count,
      sender_id: this.signer.senderId,
      receiver_id: receiverId,
      is_msg_encrypted: false,
    };
  }
}

/** The acknowledgement of an async request; its answer follows on a callback. */
export function ack(correlationId: string) {
  return { message: { ack_status: 'ACK', timestamp: new Date().toISOString(), correlation_id: correlationId } };
}

/** An acknowledgement with status ERR and a DCI Error (components.responses.Response). */
export function errAck(error: { code: string; message: string }, correlationId: string = randomUUID()) {
  return { message: { ack_status: 'ERR', timestamp: new Date().toISOString(), error, correlation_id: correlationId } };
}
