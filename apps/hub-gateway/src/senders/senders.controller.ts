import { ApiPageResponse, PageQueryDto, ProblemException, Roles } from '@civic/platform';
import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { isValidJwks } from '../dci/signing/dci-signature';
import { refuseUrl } from '../delivery/outbound-url';
import { HubGatewayConfig } from '../hub-gateway.config';
import { RegisterSenderDto } from './register-sender.dto';
import { SenderResponse } from './sender.responses';
import { SendersService } from './senders.service';

/** Onboarding of senders: their signing keys are what DCI signatures are verified against. */
@ApiTags('senders')
@Controller('senders')
export class SendersController {
  constructor(
    private readonly senders: SendersService,
    private readonly dataSource: DataSource,
    private readonly config: HubGatewayConfig,
  ) {}

  @Put()
  @Roles('hub:admin')
  @ApiOperation({ summary: 'Register a sender or replace its keys and limits (key rotation)' })
  @ApiOkResponse({
    type: SenderResponse,
    description: 'The sender, created or with its keys and limits replaced (key rotation).',
  })
  register(@Body() dto: RegisterSenderDto) {
    if (!isValidJwks(dto.jwks))
      throw ProblemException.invalidField(
        'jwks',
        'isEd25519Jwks',
        'jwks must hold Ed25519 public keys (kty OKP, crv Ed25519, kid, x) and no private part',
      );
    const refused = dto.callbackBaseUrl && refuseUrl(this.config.outboundRules(), dto.senderId, dto.callbackBaseUrl);
    if (refused)
      throw ProblemException.invalidField('callbackBaseUrl', 'isAllowedCallbackUrl', `callbackBaseUrl ${refused}`);
    return this.senders.upsert(this.dataSource.manager, {
      senderId: dto.senderId,
      jwks: dto.jwks as never,
      callbackBaseUrl: dto.callbackBaseUrl ?? null,
      ratePerMinute: dto.ratePerMinute ?? null,
      maxBatchRecords: dto.maxBatchRecords ?? null,
    });
  }

  @Get()
  @Roles('hub:admin')
  @ApiOperation({ summary: 'List registered senders by id' })
  @ApiPageResponse(SenderResponse, 'A page of senders', false)
  list(@Query() q: PageQueryDto) {
    return this.senders.list(this.dataSource.manager, q.limit, q.offset);
  }
}
