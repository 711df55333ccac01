import { PageQueryDto, ProblemException, Roles } from '@civic/platform';
import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { isValidJwks } from '../dci/signing/dci-signature';
import { RegisterSenderDto } from './register-sender.dto';
import { SendersService } from './senders.service';

/** Onboarding of senders: their signing keys are what DCI signatures are verified against. */
@ApiTags('senders')
@Controller('senders')
export class SendersController {
  constructor(
    private readonly senders: SendersService,
    private readonly dataSource: DataSource,
  ) {}

  @Put()
  @Roles('hub:admin')
  @ApiOkResponse({ description: 'The sender, created or with its keys and limits replaced (key rotation).' })
  register(@Body() dto: RegisterSenderDto) {
    if (!isValidJwks(dto.jwks))
      throw ProblemException.invalidField(
        'jwks',
        'isEd25519Jwks',
        'jwks must hold Ed25519 public keys (kty OKP, crv Ed25519, kid, x) and no private part',
      );
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
  list(@Query() q: PageQueryDto) {
    return this.senders.list(this.dataSource.manager, q.limit, q.offset);
  }
}
