import { ApiPageResponse, Public } from '@civic/platform';
import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { LedgerQueryDto } from './ledger-input.dto';
import { PublicLedgerService } from './public-ledger.service';
import { PublicLedgerRateGuard } from './public-ledger-rate.guard';
import { PublicLedgerEntryResponse, PublicProjectResponse } from './ledger.responses';

/** Anyone may read a project's ledger without a token (plan 一（二）: 公信力、透明度不足). */
@ApiTags('public ledger')
@Public()
@UseGuards(PublicLedgerRateGuard)
@ApiTooManyRequestsResponse({
  description: 'More than PUBLIC_LEDGER_RATE_PER_MINUTE requests a minute from one address',
})
@Controller('public/projects/:projectId')
export class PublicLedgerController {
  constructor(private readonly ledger: PublicLedgerService) {}

  @Get()
  @ApiOperation({ summary: 'A project’s public page: organisation, totals and goods in stock' })
  @ApiOkResponse({
    type: PublicProjectResponse,
    description: 'The project, its organisation and totals; no personal data',
  })
  project(@Param('projectId') id: string) {
    return this.ledger.project(id);
  }

  @Get('ledger')
  @ApiOperation({ summary: 'A project’s public ledger, in booking order' })
  @ApiPageResponse(
    PublicLedgerEntryResponse,
    'Every entry, paged in booking order: amounts, dates, kinds, donors as they chose; no beneficiary',
  )
  entries(@Param('projectId') id: string, @Query() q: LedgerQueryDto) {
    return this.ledger.entries(id, q);
  }
}
