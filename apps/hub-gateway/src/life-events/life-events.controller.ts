import { AuthenticatedUser, CurrentUser, ProblemException, Roles } from '@civic/platform';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { DciEnvelopeDto } from '../dci/envelope/dci-envelope.dto';
import { MessageGate } from '../dci/envelope/message-gate.service';
import { mapNotifyEvent, notifyFieldOf } from './crvs-notify.mapper';
import { RecordCheck } from './life-event-record';
import { LifeEventsService, RecordResult } from './life-events.service';

/**
 * Life events in. `crvs/registry/notify` is this gateway's side of a DCI CRVS subscription (the
 * registry calls it with vital events); `life-events` takes what DCI does not cover in the same
 * signed envelope: message = { transaction_id, records: [{ recordId, recordType, idNumber, data }] }.
 */
@ApiTags('life-events')
@Controller()
export class LifeEventsController {
  constructor(
    private readonly gate: MessageGate,
    private readonly lifeEvents: LifeEventsService,
    private readonly dataSource: DataSource,
  ) {}

  @Post('life-events')
  @HttpCode(200)
  @Roles('hub:hub-integration')
  @ApiOkResponse({
    description:
      'ACK with one result per record: accepted (with its event id), duplicate, or rejected with field errors.',
  })
  batch(@Body() _dto: DciEnvelopeDto, @Req() req: FastifyRequest, @CurrentUser() user: AuthenticatedUser) {
    return this.receive(req.body as DciEnvelopeDto, user, ['life-events'], (message) => {
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

  @Post(['crvs/registry/notify', 'crvs/registry/sync/notify'])
  @HttpCode(200)
  @Roles('hub:hub-integration')
  @ApiOkResponse({ description: 'DCI acknowledgement (Response) with per-event results as an extension.' })
  crvsNotify(@Body() _dto: DciEnvelopeDto, @Req() req: FastifyRequest, @CurrentUser() user: AuthenticatedUser) {
    return this.receive(req.body as DciEnvelopeDto, user, ['notify'], (message) => {
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

  // the signature is checked over the body as received, not over the DTO the pipe made of it
  private receive(
    body: DciEnvelopeDto,
    user: AuthenticatedUser,
    actions: string[],
    toChecks: (message: Record<string, unknown>) => RecordCheck[],
  ) {
    if (body.header.is_msg_encrypted)
      throw new ProblemException(400, 'encrypted messages are not supported by this gateway; rely on TLS', {
        extras: { code: 'err.encryption.invalid' },
      });
    if (
      typeof body.message.transaction_id !== 'string' ||
      !body.message.transaction_id ||
      body.message.transaction_id.length > 99
    ) {
      throw ProblemException.invalidField(
        'message.transaction_id',
        'isString',
        'message.transaction_id must be a string of 1-99 characters',
      );
    }
    return this.dataSource.transaction(async (tx) => {
      const m = await this.gate.admit(tx, body, user, actions);
      const checks = toChecks(m.message);
      this.gate.checkBatchSize(m, checks.length);
      await this.gate.claim(tx, m);
      const results = await this.lifeEvents.ingest(
        tx,
        { senderId: m.sender.senderId, messageId: m.header.message_id },
        checks,
      );
      const ack = acknowledgement(m.message.transaction_id as string, m.header.message_id, results);
      await this.gate.saveAck(tx, m, ack);
      return ack;
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
