import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CloseIllegalCaseDto, IllegalCaseListQueryDto, OpenIllegalCaseDto } from './illegal-organisations.dto';
import { IllegalOrganisationsService } from './illegal-organisations.service';

@ApiTags('social organisations')
@ApiBearerAuth()
@Controller('illegal-organisation-cases')
export class IllegalOrganisationsController {
  constructor(private readonly cases: IllegalOrganisationsService) {}

  @Post()
  @Roles('governance:supervisor')
  @ApiCreatedResponse({ description: 'Opens a case against a suspected illegal social organisation' })
  open(@Body() dto: OpenIllegalCaseDto, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.open(dto, user);
  }

  @Get()
  @Roles('governance:viewer', 'governance:supervisor')
  list(@Query() q: IllegalCaseListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.list(q, user);
  }

  @Post(':caseId/closure')
  @HttpCode(200)
  @Roles('governance:supervisor')
  @ApiOkResponse({
    description: 'Closes the case with its outcome (banned, dissolved, registered, not illegal, referred)',
  })
  close(@Param('caseId') id: string, @Body() dto: CloseIllegalCaseDto, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.close(id, dto, user);
  }
}
