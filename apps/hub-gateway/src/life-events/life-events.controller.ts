import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiErrorFormat } from '@civic/platform';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DciEnvelopeDto } from '../dci/envelope/dci-envelope.dto';
import { DciErrorFilter } from '../dci/envelope/dci-error.filter';
import { DCI_ERR_ACK_SCHEMA, RECORDS_ACK_SCHEMA } from '../dci/envelope/dci-openapi';
import { LifeEventIntake } from './life-event-intake.service';

/**
 * Life events in. `registry/notify` (also `crvs/registry/notify`) is this gateway's side of a DCI CRVS subscription (the
 * registry calls it with vital events); `life-events` takes what DCI does not cover in the same
 * signed envelope: message = { transaction_id, records: [{ recordId, recordType, idNumber, data }] }.
 * The service gets the body as received: the signature covers it, not the DTO the pipe made of it.
 */
@ApiTags('life-events')
@Controller()
export class LifeEventsController {
  constructor(private readonly intake: LifeEventIntake) {}

  @Post('life-events')
  @HttpCode(200)
  @Roles('hub:hub-integration')
  @ApiOperation({ summary: 'Life events in: a signed batch of records, one result per record' })
  @ApiOkResponse({
    schema: RECORDS_ACK_SCHEMA,
    description:
      'ACK with one result per record: accepted (with its event id), duplicate, or rejected with field errors.',
  })
  batch(@Body() _dto: DciEnvelopeDto, @Req() req: FastifyRequest, @CurrentUser() user: AuthenticatedUser) {
    return this.intake.batch(req.body as DciEnvelopeDto, user);
  }

  // registry/notify is where the DCI civil-registry API (registry_core_api v1.0.0) delivers notify
  // to a subscriber; the crvs/ paths stay for the integrators already configured with them
  @Post(['registry/notify', 'crvs/registry/notify', 'crvs/registry/sync/notify'])
  @HttpCode(200)
  @Roles('hub:hub-integration')
  @ApiOperation({ summary: 'DCI civil-registry notify: vital events from the registry, one result per event' })
  @ApiOkResponse({
    schema: RECORDS_ACK_SCHEMA,
    description: 'DCI acknowledgement (Response) with per-event results as an extension.',
  })
  @ApiErrorFormat('application/json', DCI_ERR_ACK_SCHEMA)
  @UseFilters(DciErrorFilter)
  crvsNotify(@Body() _dto: DciEnvelopeDto, @Req() req: FastifyRequest, @CurrentUser() user: AuthenticatedUser) {
    return this.intake.crvsNotify(req.body as DciEnvelopeDto, user);
  }
}
