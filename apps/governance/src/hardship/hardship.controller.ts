import { Roles } from '@civic/platform';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HardshipService } from './hardship.service';
import { HardshipCoverageResponse } from './hardship.responses';

@ApiTags('social workers and stations')
@ApiBearerAuth()
@Controller('hardship')
export class HardshipController {
  constructor(private readonly hardship: HardshipService) {}

  @Get('coverage')
  @Roles('governance:viewer', 'governance:clerk', 'governance:supervisor')
  @ApiOkResponse({
    type: HardshipCoverageResponse,
    description:
      'People in hardship (from the departments’ events) with a social worker assigned: target 100% (indicator 19)',
  })
  @ApiOperation({ summary: 'People in hardship with a social worker assigned, per town' })
  coverage() {
    return this.hardship.coverage();
  }
}
