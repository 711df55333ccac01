import { ApiPageResponse, ProblemException, Roles } from '@civic/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../alerts/alert.dto';
import { FindingResponse } from './finding.responses';
import { FindingsService } from './findings.service';

export class ListFindingsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['payment-after-death', 'duplicate-benefit'] })
  @IsOptional()
  @IsIn(['payment-after-death', 'duplicate-benefit'])
  kind?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{20,}$/, { message: 'personRef must be a personRef' })
  personRef?: string;
}

@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  @Get()
  @Roles('policy:supervisor', 'policy:admin', 'assistance:supervisor')
  @ApiOperation({ summary: 'Audit findings for supervision: payments after death, duplicate benefits' })
  @ApiPageResponse(FindingResponse)
  async list(@Query() q: ListFindingsQuery) {
    if (q.offset > 1_000_000) throw ProblemException.invalidField('offset', 'max', 'offset is too large');
    const { items, total } = await this.findings.list(q);
    return {
      items: items.map((f) => ({
        id: f.id,
        kind: f.kind,
        personRef: f.person_ref,
        town: f.town,
        detail: f.detail,
        sourceEventId: f.source_event_id,
        foundAt: f.found_at,
      })),
      total,
      limit: q.limit,
      offset: q.offset,
    };
  }
}
