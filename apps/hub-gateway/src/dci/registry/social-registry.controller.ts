import { ApiErrorFormat, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DciEnvelopeDto } from '../envelope/dci-envelope.dto';
import { DciErrorFilter } from '../envelope/dci-error.filter';
import { DCI_ACK_SCHEMA, DCI_ERR_ACK_SCHEMA, DCI_REJECTED_SCHEMA, DCI_SIGNED_SCHEMA } from '../envelope/dci-openapi';
import { SocialRegistryService } from './social-registry.service';

/**
 * The DCI Social Registry API (social_api v1.0.0) over this gateway's read model: sync and async
 * search, subscribe / unsubscribe (with notify callbacks from the read-model consumer) and
 * transaction status. Every request is a signed envelope from a registered sender with a bearer
 * token; sync answers and callbacks are signed with the gateway's key (JWKS at /.well-known/jwks.json).
 * The DTO checks the envelope's shape; the service gets the body as received, because the signature
 * covers those bytes and not the DTO the validation pipe made of them. Refusals are answered in the
 * DCI form (DciErrorFilter), guards' and the validation pipe's included.
 */
@ApiTags('dci-social-registry')
@Controller('registry')
@UseFilters(DciErrorFilter)
@Roles('hub:hub-integration')
export class SocialRegistryController {
  constructor(private readonly registry: SocialRegistryService) {}

  @Post('sync/search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Synchronous search of the social registry' })
  @ApiErrorFormat('application/json', DCI_REJECTED_SCHEMA)
  @ApiOkResponse({ schema: DCI_SIGNED_SCHEMA, description: 'Signed on-search envelope with a SearchResponse.' })
  syncSearch(@Body() _dto: DciEnvelopeDto, @Req() req: FastifyRequest, @CurrentUser() user: AuthenticatedUser) {
    return this.registry.syncSearch(req.body as DciEnvelopeDto, user);
  }

  @Post('search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Asynchronous search; the answer follows on the sender’s callback' })
  @ApiErrorFormat('application/json', DCI_ERR_ACK_SCHEMA)
  @ApiOkResponse({
    schema: DCI_ACK_SCHEMA,
    description: "ACK; the SearchResponse follows on the sender's /registry/on-search.",
  })
  asyncSearch(@Body() _dto: DciEnvelopeDto, @Req() req: FastifyRequest, @CurrentUser() user: AuthenticatedUser) {
    return this.registry.asyncSearch(req.body as DciEnvelopeDto, user);
  }

  @Post('subscribe')
  @HttpCode(200)
  @ApiOperation({ summary: 'Subscribe to registry events; notifications follow on the sender’s callback' })
  @ApiErrorFormat('application/json', DCI_ERR_ACK_SCHEMA)
  @ApiOkResponse({
    schema: DCI_ACK_SCHEMA,
    description:
      'ACK; the SubscribeResponse with subscription codes follows on /registry/on-subscribe, events on /registry/notify.',
  })
  subscribe(@Body() _dto: DciEnvelopeDto, @Req() req: FastifyRequest, @CurrentUser() user: AuthenticatedUser) {
    return this.registry.subscribe(req.body as DciEnvelopeDto, user);
  }

  @Post('unsubscribe')
  @HttpCode(200)
  @ApiOperation({ summary: 'End subscriptions' })
  @ApiErrorFormat('application/json', DCI_ERR_ACK_SCHEMA)
  @ApiOkResponse({
    schema: DCI_ACK_SCHEMA,
    description: 'ACK; the UnSubscribeResponse follows on /registry/on-unsubscribe.',
  })
  unsubscribe(@Body() _dto: DciEnvelopeDto, @Req() req: FastifyRequest, @CurrentUser() user: AuthenticatedUser) {
    return this.registry.unsubscribe(req.body as DciEnvelopeDto, user);
  }

  @Post('sync/txn/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Synchronous status of an earlier transaction' })
  @ApiErrorFormat('application/json', DCI_REJECTED_SCHEMA)
  @ApiOkResponse({ schema: DCI_SIGNED_SCHEMA, description: 'Signed txn-on-status envelope with a TxnStatusResponse.' })
  syncTxnStatus(@Body() _dto: DciEnvelopeDto, @Req() req: FastifyRequest, @CurrentUser() user: AuthenticatedUser) {
    return this.registry.syncTxnStatus(req.body as DciEnvelopeDto, user);
  }

  @Post('txn/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Asynchronous status of an earlier transaction' })
  @ApiErrorFormat('application/json', DCI_ERR_ACK_SCHEMA)
  @ApiOkResponse({
    schema: DCI_ACK_SCHEMA,
    description: 'ACK; the TxnStatusResponse follows on /registry/txn/on-status.',
  })
  txnStatusAsync(@Body() _dto: DciEnvelopeDto, @Req() req: FastifyRequest, @CurrentUser() user: AuthenticatedUser) {
    return this.registry.asyncTxnStatus(req.body as DciEnvelopeDto, user);
  }
}
