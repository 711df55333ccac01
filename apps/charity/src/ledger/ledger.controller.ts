import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHARITY_READERS } from '../persistence/roles';
import { DisbursementDto, DonationDto, GoodsDisbursementDto, LedgerQueryDto, ReversalDto } from './ledger-input.dto';
import { LedgerService } from './ledger.service';
import { LedgerEntryResponse } from './ledger.responses';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('projects/:projectId')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Post('donations')
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Book a money or goods donation to a project' })
  @ApiCreatedResponse({
    type: LedgerEntryResponse,
    description:
      'Books a money or goods donation; publishes charity.project.donation-received. 409 names projectId when the project is closed or its organisation lost the qualification',
  })
  donate(@Param('projectId') id: string, @Body() dto: DonationDto, @CurrentUser() user: AuthenticatedUser) {
    return this.ledger.donate(id, dto, user);
  }

  @Post('disbursements')
  @Roles('charity:disburser')
  @ApiOperation({ summary: 'Book money aid to a person from the project fund' })
  @ApiCreatedResponse({
    type: LedgerEntryResponse,
    description:
      'Books aid to a person; publishes charity.project.aid-disbursed. 409 names amountFen above the fund balance',
  })
  disburse(@Param('projectId') id: string, @Body() dto: DisbursementDto, @CurrentUser() user: AuthenticatedUser) {
    return this.ledger.disburse(id, dto, user);
  }

  @Post('goods-disbursements')
  @Roles('charity:disburser')
  @ApiOperation({ summary: 'Give donated goods to a person in kind' })
  @ApiCreatedResponse({
    type: LedgerEntryResponse,
    description:
      'Gives donated goods to a person in kind, by item and unit, valued at their share of the stock; publishes charity.project.aid-disbursed. 409 names items[i].quantity above what the project holds',
  })
  disburseGoods(
    @Param('projectId') id: string,
    @Body() dto: GoodsDisbursementDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.ledger.disburseGoods(id, dto, user);
  }

  @Post('ledger/:entryId/reversal')
  @Roles('charity:approver')
  @ApiOperation({ summary: 'Reverse a ledger entry (the only correction)' })
  @ApiCreatedResponse({
    type: LedgerEntryResponse,
    description:
      'Books the mirror entry of an entry (the only correction); publishes charity.project.ledger-entry-reversed. 409 when already reversed or when the fund would go below zero',
  })
  reverse(
    @Param('projectId') id: string,
    @Param('entryId') entryId: string,
    @Body() dto: ReversalDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.ledger.reverse(id, entryId, dto, user);
  }

  @Get('ledger')
  @Roles(...CHARITY_READERS)
  @ApiOperation({ summary: 'The project ledger for staff, in booking order' })
  @ApiPageResponse(LedgerEntryResponse, 'Paged, in booking order, with beneficiaries (personRef) for staff')
  entries(@Param('projectId') id: string, @Query() q: LedgerQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.ledger.entries(id, q, user);
  }
}
