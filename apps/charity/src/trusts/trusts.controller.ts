import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RegisterTrustDto } from './trust-input.dto';
import { TrustsService } from './trusts.service';
import { TrustResponse } from './trust.responses';

@ApiTags('trusts')
@ApiBearerAuth()
@Controller('trusts')
export class TrustsController {
  constructor(private readonly trusts: TrustsService) {}

  @Post()
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Register a charity trust' })
  @ApiCreatedResponse({
    type: TrustResponse,
    description: 'A charity trust (慈善信托) with its trustee organisation and assets',
  })
  register(@Body() dto: RegisterTrustDto, @CurrentUser() user: AuthenticatedUser) {
    return this.trusts.register(dto, user);
  }
}
