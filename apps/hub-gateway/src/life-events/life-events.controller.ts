import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DciEnvelopeDto } from '../dci/envelope/dci-envelope.dto';
import { DciErrorFilter } from '../dci/envelope/dci-error.filter';
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
  @ApiOkResponse({
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
  @ApiOkResponse({ description: 'DCI acknowledgement (Response) with per-event results as an extension.' })
  @UseFilters(DciErrorFilter)
  crvsNotify(@Body() _dto: DciEnvelopeDto, @Req() req: FastifyRequest, @CurrentUser() user: AuthenticatedUser) {
    return this.intake.crvsNotify(req.body as DciEnvelopeDto, user);
  }
}
