import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CloseIllegalCaseDto, IllegalCaseListQueryDto, OpenIllegalCaseDto } from './illegal-organisations.dto';
import { IllegalOrganisationsService } from './illegal-organisations.service';
import { IllegalCaseResponse } from './illegal-case.responses';

@ApiTags('social organisations')
@ApiBearerAuth()
@Controller('illegal-organisation-cases')
export class IllegalOrganisationsController {
  constructor(private readonly cases: IllegalOrganisationsService) {}

  @Post()
  @Roles('governance:supervisor')
  @ApiCreatedResponse({
    type: IllegalCaseResponse,
    description: 'Opens a case against a suspected illegal social organisation',
  })
  @ApiOperation({ summary: 'Open a case against a suspected illegal social organisation' })
  open(@Body() dto: OpenIllegalCaseDto, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.open(dto, user);
  }

  @Get()
  @Roles('governance:viewer', 'governance:supervisor')
  @ApiOperation({ summary: 'Illegal-organisation cases in the caller’s towns' })
  @ApiPageResponse(IllegalCaseResponse)
  list(@Query() q: IllegalCaseListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.list(q, user);
  }

  @Post(':caseId/closure')
  @HttpCode(200)
  @Roles('governance:supervisor')
  @ApiOkResponse({
    type: IllegalCaseResponse,
    description: 'Closes the case with its outcome (banned, dissolved, registered, not illegal, referred)',
  })
  @ApiOperation({ summary: 'Close a case with its outcome' })
  close(@Param('caseId') id: string, @Body() dto: CloseIllegalCaseDto, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.close(id, dto, user);
  }
}
