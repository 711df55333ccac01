import { randomUUID } from 'node:crypto';
import { AuthenticatedUser, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DciEnvelopeDto } from '../envelope/dci-envelope.dto';
import { ack, DciReplies, errAck } from '../envelope/dci-replies.service';
import { DciExchange } from '../envelope/dci-exchange.service';
import { checkContent } from '../envelope/message-content';
import { AdmittedMessage, MessageGate } from '../envelope/message-gate.service';
import { parseQuery } from './registry-query';
import { REG_TYPE } from './registry-notifier.service';
import { RegistryService } from './registry.service';

const MAX_PAGE_SIZE = 1000;

/**
 * The DCI Social Registry API (social_api v1.0.0) over this gateway's read model: sync and async
 * search, subscribe / unsubscribe (notify callbacks come from the read-model listener) and
 * transaction status. Holds the SQL of DCI transactions (dci_transaction, kept for txn/status) and
 * subscriptions (dci_subscription); each public method is one route, run through the DCI exchange.
 */
@Injectable()
export class SocialRegistryService {
  constructor(
    private readonly exchange: DciExchange,
    private readonly gate: MessageGate,
    private readonly registry: RegistryService,
    private readonly replies: DciReplies,
  ) {}

  syncSearch(body: DciEnvelopeDto, user: AuthenticatedUser) {
    return this.exchange.run(body, user, ['search'], {
      check: checkContent('SearchRequest'),
      handle: async (tx, m) => {
        const response = await this.search(tx, m);
        return this.replies.signed('on-search', m.sender.senderId, response, response.search_response.length);
      },
    });
  }

  asyncSearch(body: DciEnvelopeDto, user: AuthenticatedUser) {
    return this.exchange.run(body, user, ['search'], {
      check: checkContent('SearchRequest'),
      handle: async (tx, m) => {
        const url = this.replies.callbackUrl(m, '/registry/on-search');
        const response = await this.search(tx, m);
        await this.replies.callback(tx, m, url, 'on-search', response, response.search_response.length);
        return ack(response.correlation_id);
      },
    });
  }

  subscribe(body: DciEnvelopeDto, user: AuthenticatedUser) {
    return this.exchange.run(body, user, ['subscribe'], {
      check: checkContent('SubscribeRequest'),
      handle: async (tx, m) => {
        const onSubscribe = this.replies.callbackUrl(m, '/registry/on-subscribe');
        const notifyUrl = this.replies.callbackUrl(m, '/registry/notify');
        const items = requireArray(m.message, 'subscribe_request');
        this.gate.checkBatchSize(m, items.length);
        const correlationId = randomUUID();
        const now = new Date().toISOString();
        const subscribeResponse = [];
        for (const item of items as Record<string, unknown>[]) {
          const c = (item?.subscribe_criteria ?? {}) as Record<string, unknown>;
          const reject = (code: string, msg: string) => ({
            reference_id: String(item?.reference_id ?? ''),
            timestamp: now,
            status: 'rjct',
            status_reason_code: code,
            status_reason_message: msg,
          });
          if (typeof item?.reference_id !== 'string' || !item.reference_id) {
            subscribeResponse.push(reject('rjct.reference_id.invalid', 'reference_id must be a non-empty string'));
            continue;
          }
          if (c.reg_event_type !== 'REGISTER' && c.reg_event_type !== 'DEREGISTER') {
            subscribeResponse.push(
              reject(
                'rjct.notify_types.invalid',
                'reg_event_type must be REGISTER or DEREGISTER (PAYMENT is not published by this registry)',
              ),
            );
            continue;
          }
          const filterType = (c.filter_type as string | undefined) ?? 'idtype-value';
          const parsed = parseQuery(filterType, c.filter);
          if (!parsed.ok) {
            subscribeResponse.push(reject('rjct.notify_details.invalid', `filter: ${parsed.message}`));
            continue;
          }
          const filter = this.registry.pseudonymousFilter(filterType, c.filter, parsed.criteria);
          if (!filter) {
            subscribeResponse.push(reject('rjct.notify_details.invalid', 'filter.value must be a valid resident ID'));
            continue;
          }
          if (c.notify_record_type !== 'Person') {
            subscribeResponse.push(reject('rjct.notify_details.invalid', 'notify_record_type must be Person'));
            continue;
          }
          const code = randomUUID();
          await tx.query(
            `INSERT INTO dci_subscription (code, sender_id, reg_event_type, filter_type, filter, notify_uri, status) VALUES ($1, $2, $3, $4, $5, $6, 'subscribe')`,
            [code, m.sender.senderId, c.reg_event_type, filterType, JSON.stringify(filter), notifyUrl],
          );
          subscribeResponse.push({
            reference_id: item.reference_id,
            timestamp: now,
            status: 'succ',
            subscriptions: [
              {
                version: '1.0.0',
                code,
                status: 'subscribe',
                timestamp: now,
                reg_type: REG_TYPE,
                reg_event_type: c.reg_event_type,
                filter_type: filterType,
                // the stored form: a resident ID became its personRef, so the number is never echoed
                filter,
                notify_record_type: 'Person',
              },
            ],
          });
        }
        const response = {
          transaction_id: m.message.transaction_id,
          correlation_id: correlationId,
          subscribe_response: subscribeResponse,
        };
        await this.saveTxn(tx, m, 'subscribe', correlationId, response);
        await this.replies.callback(tx, m, onSubscribe, 'on-subscribe', response, subscribeResponse.length);
        return ack(correlationId);
      },
    });
  }

  unsubscribe(body: DciEnvelopeDto, user: AuthenticatedUser) {
    return this.exchange.run(body, user, ['unsubscribe'], {
      check: checkContent('UnSubscribeRequest'),
      handle: async (tx, m) => {
        const url = this.replies.callbackUrl(m, '/registry/on-unsubscribe');
        // social_api v1.0.0 names the list subscription_codes (its `required` says sunscription_codes: an erratum)
        const codes = requireArray(m.message, 'subscription_codes');
        this.gate.checkBatchSize(m, codes.length);
        const status = [];
        let unknown = 0;
        for (const code of codes) {
          const ended = await tx.query(
            `UPDATE dci_subscription SET status = 'unsubscribe', ended_at = now() WHERE code = $1 AND sender_id = $2 AND status = 'subscribe' RETURNING code`,
            [String(code), m.sender.senderId],
          );
          // TypeORM answers an UPDATE with [rows, affected]
          if (ended[1] > 0) status.push({ code: String(code), status: 'unsubscribe' });
          else unknown++;
        }
        const correlationId = randomUUID();
        const response = {
          transaction_id: m.message.transaction_id,
          correlation_id: correlationId,
          timestamp: new Date().toISOString(),
          status: unknown ? 'rjct' : 'succ',
          ...(unknown
            ? {
                status_reason_code: 'rjct.subscription_code.invalid',
                status_reason_message: `${unknown} subscription code(s) are not active subscriptions of ${m.sender.senderId}`,
              }
            : {}),
          subscription_status: status,
        };
        await this.replies.callback(tx, m, url, 'on-unsubscribe', response, codes.length);
        return ack(correlationId);
      },
    });
  }

  syncTxnStatus(body: DciEnvelopeDto, user: AuthenticatedUser) {
    return this.exchange.run(body, user, ['txn-status'], {
      check: checkContent('TxnStatusRequest'),
      handle: async (tx, m) => {
        const status = await this.txnStatus(tx, m);
        return 'missing' in status
          ? this.replies.refused('txn-on-status', m.sender.senderId, { error: status.missing })
          : this.replies.signed('txn-on-status', m.sender.senderId, status, 1);
      },
    });
  }

  asyncTxnStatus(body: DciEnvelopeDto, user: AuthenticatedUser) {
    return this.exchange.run(body, user, ['txn-status'], {
      check: checkContent('TxnStatusRequest'),
      handle: async (tx, m) => {
        const url = this.replies.callbackUrl(m, '/registry/txn/on-status');
        const response = await this.txnStatus(tx, m);
        if ('missing' in response) return errAck(response.missing);
        await this.replies.callback(tx, m, url, 'txn-on-status', response, 1);
        return ack(response.correlation_id);
      },
    });
  }

  private async search(tx: EntityManager, m: AdmittedMessage) {
    const items = requireArray(m.message, 'search_request');
    this.gate.checkBatchSize(m, items.length);
    const seen = new Set<string>();
    const now = new Date().toISOString();
    const searchResponse = [];
    for (const item of items as Record<string, unknown>[]) {
      const ref = item?.reference_id;
      const reject = (code: string, msg: string) => ({
        reference_id: String(ref ?? ''),
        timestamp: now,
        status: 'rjct',
        status_reason_code: code,
        status_reason_message: msg,
      });
      if (typeof ref !== 'string' || !ref) {
        searchResponse.push(reject('rjct.reference_id.invalid', 'reference_id must be a non-empty string'));
        continue;
      }
      if (seen.has(ref)) {
        searchResponse.push(reject('rjct.reference_id.duplicate', `reference_id ${ref} appears twice in this request`));
        continue;
      }
      seen.add(ref);
      const c = (item.search_criteria ?? {}) as Record<string, unknown>;
      const parsed = parseQuery(c.query_type, c.query);
      if (!parsed.ok) {
        searchResponse.push(reject('rjct.search_criteria.invalid', parsed.message));
        continue;
      }
      const p = (c.pagination ?? {}) as Record<string, unknown>;
      const pageSize = p.page_size ?? 100;
      const pageNumber = p.page_number ?? 1;
      if (
        !Number.isInteger(pageSize) ||
        (pageSize as number) < 1 ||
        (pageSize as number) > MAX_PAGE_SIZE ||
        !Number.isInteger(pageNumber) ||
        (pageNumber as number) < 1
      ) {
        searchResponse.push(
          reject(
            'rjct.pagination.invalid',
            `pagination.page_size must be 1-${MAX_PAGE_SIZE} and page_number at least 1`,
          ),
        );
        continue;
      }
      const { records, total } = await this.registry.search(
        tx,
        parsed.criteria,
        pageSize as number,
        pageNumber as number,
      );
      searchResponse.push({
        reference_id: ref,
        timestamp: now,
        status: 'succ',
        data: { version: '1.0.0', reg_records: records },
        pagination: { page_size: pageSize, page_number: pageNumber, total_count: total },
        ...(typeof item.locale === 'string' ? { locale: item.locale } : {}),
      });
    }
    const correlationId = randomUUID();
    const response = {
      transaction_id: m.message.transaction_id,
      correlation_id: correlationId,
      search_response: searchResponse,
    };
    await this.saveTxn(tx, m, 'search', correlationId, response);
    return response;
  }

  private async txnStatus(
    tx: EntityManager,
    m: AdmittedMessage,
  ): Promise<
    | { missing: { code: string; message: string } }
    | { transaction_id: string; correlation_id: string; txnstatus_response: unknown }
  > {
    const r = (m.message.txnstatus_request ?? {}) as Record<string, unknown>;
    if (r.txn_type !== 'search')
      throw ProblemException.invalidField(
        'message.txnstatus_request.txn_type',
        'isIn',
        'txnstatus_request.txn_type must be search (the standard gives no status shape for the others)',
      );
    if (r.attribute_type !== 'transaction_id' && r.attribute_type !== 'correlation_id') {
      throw ProblemException.invalidField(
        'message.txnstatus_request.attribute_type',
        'isIn',
        'txnstatus_request.attribute_type must be transaction_id or correlation_id',
      );
    }
    const column = r.attribute_type === 'transaction_id' ? 'transaction_id' : 'correlation_id';
    const [row] = await tx.query(
      `SELECT response FROM dci_transaction WHERE sender_id = $1 AND txn_type = 'search' AND ${column} = $2`,
      [m.sender.senderId, String(r.attribute_value)],
    );
    // an unknown transaction is an answer, not an HTTP error (the standard has err.request.not_found);
    // the value asked for is not repeated
    if (!row)
      return {
        missing: {
          code: 'err.request.not_found',
          message: `no search transaction with this ${column} from ${m.sender.senderId}`,
        },
      };
    return {
      transaction_id: m.message.transaction_id as string,
      correlation_id: randomUUID(),
      txnstatus_response: { txn_type: 'search', txn_status: row.response },
    };
  }

  private saveTxn(tx: EntityManager, m: AdmittedMessage, type: string, correlationId: string, response: unknown) {
    return tx.query(
      `INSERT INTO dci_transaction (sender_id, transaction_id, txn_type, correlation_id, status, response) VALUES ($1, $2, $3, $4, 'succ', $5)
       ON CONFLICT (sender_id, transaction_id, txn_type) DO UPDATE SET correlation_id = EXCLUDED.correlation_id, response = EXCLUDED.response, created_at = now()`,
      [m.sender.senderId, m.message.transaction_id, type, correlationId, JSON.stringify(response)],
    );
  }
}

function requireArray(message: Record<string, unknown>, field: string): unknown[] {
  const v = message[field];
  if (!Array.isArray(v) || v.length === 0)
    throw ProblemException.invalidField(
      `message.${field}`,
      'isNonEmptyArray',
      `message.${field} must be a non-empty array`,
    );
  return v;
}
