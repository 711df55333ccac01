import { AuthenticatedUser, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DciEnvelopeDto } from '../dci/envelope/dci-envelope.dto';
import { DciExchange } from '../dci/envelope/dci-exchange.service';
import { AdmittedMessage, MessageGate } from '../dci/envelope/message-gate.service';
import { mapNotifyEvent, notifyFieldOf } from './crvs-notify.mapper';
import { RecordCheck } from './life-event-record';
import { LifeEventsService, RecordResult } from './life-events.service';

/**
 * Life events arriving in signed DCI envelopes: the gateway's own batch (`life-events`) and the DCI
 * CRVS notify. Every record is checked before the message id is claimed, then the valid ones are
 * stored and published in the message's transaction, and the acknowledgement names each record's fate.
 */
@Injectable()
export class LifeEventIntake {
  constructor(
    private readonly exchange: DciExchange,
    private readonly gate: MessageGate,
    private readonly lifeEvents: LifeEventsService,
  ) {}

  /** message = { transaction_id, records: [{ recordId, recordType, idNumber, data }] } */
  batch(body: DciEnvelopeDto, user: AuthenticatedUser) {
    return this.receive(body, user, ['life-events'], (message) => {
      const records = message.records;
      if (!Array.isArray(records) || records.length === 0)
        throw ProblemException.invalidField(
          'message.records',
          'isNonEmptyArray',
          'message.records must be a non-empty array',
        );
      return records.map((r) => this.lifeEvents.check(r));
    });
  }

  /** A DCI CRVS NotifyEventRequest; errors name the notify_event fields, not the record's. */
  crvsNotify(body: DciEnvelopeDto, user: AuthenticatedUser) {
    return this.receive(body, user, ['notify'], (message) => {
      const events = message.notify_event;
      if (!Array.isArray(events) || events.length === 0)
        throw ProblemException.invalidField(
          'message.notify_event',
          'isNonEmptyArray',
          'message.notify_event must be a non-empty array',
        );
      return events.map((e): RecordCheck => {
        const mapped = mapNotifyEvent(e);
        if (!mapped.ok)
          return {
            ok: false,
            recordId: mapped.recordId,
            errors: [{ field: mapped.field, rule: mapped.rule, message: mapped.message }],
          };
        const c = this.lifeEvents.check(mapped.record);
        return c.ok ? c : { ...c, errors: c.errors.map((x) => ({ ...x, field: notifyFieldOf(x.field) })) };
      });
    });
  }

  private receive(
    body: DciEnvelopeDto,
    user: AuthenticatedUser,
    actions: string[],
    toChecks: (message: Record<string, unknown>) => RecordCheck[],
  ) {
    return this.exchange.run(body, user, actions, {
      check: (m: AdmittedMessage) => {
        const checks = toChecks(m.message);
        this.gate.checkBatchSize(m, checks.length);
        return checks;
      },
      handle: async (tx, m, checks) => {
        const results = await this.lifeEvents.ingest(
          tx,
          { senderId: m.sender.senderId, messageId: m.header.message_id },
          checks,
        );
        return acknowledgement(m.message.transaction_id as string, m.header.message_id, results);
      },
    });
  }
}

function acknowledgement(transactionId: string, messageId: string, results: RecordResult[]) {
  const count = (s: RecordResult['status']) => results.filter((r) => r.status === s).length;
  return {
    message: {
      ack_status: 'ACK',
      timestamp: new Date().toISOString(),
      correlation_id: messageId,
      transaction_id: transactionId,
      accepted_count: count('accepted'),
      duplicate_count: count('duplicate'),
      rejected_count: count('rejected'),
      results: results.map((r) => ({
        index: r.index,
        ...(r.recordId ? { record_id: r.recordId } : {}),
        status: r.status,
        ...(r.eventId ? { event_id: r.eventId } : {}),
        ...(r.eventType ? { event_type: r.eventType } : {}),
        ...(r.errors ? { errors: r.errors } : {}),
      })),
    },
  };
}
