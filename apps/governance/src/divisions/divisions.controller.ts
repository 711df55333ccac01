import { ApiPageResponse, PageQueryDto, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DivisionImportDto, DivisionInputDto, DivisionListQueryDto, RetireDivisionDto } from './division-input.dto';
import { DivisionsService } from './divisions.service';
import { DivisionImportResponse, DivisionResponse } from './division.responses';

const READERS = ['governance:viewer', 'governance:clerk', 'governance:supervisor', 'governance:admin'] as const;

@ApiTags('divisions')
@ApiBearerAuth()
@Controller('divisions')
export class DivisionsController {
  constructor(private readonly divisions: DivisionsService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Division codes' })
  @ApiPageResponse(DivisionResponse, 'Paged; filter by level, town, in force')
  list(@Query() q: DivisionListQueryDto) {
    return this.divisions.list(q);
  }

  @Get('reference')
  @Roles('governance:reference-reader')
  @ApiOperation({ summary: 'Every division code for a service’s reference copy (libs/divisions)' })
  @ApiPageResponse(
    DivisionResponse,
    'Every division, retired ones included, with its version and updatedAt, paged by code: for a service ' +
      'filling its copy of the codes (libs/divisions). Service credential only (governance:reference-reader).',
  )
  reference(@Query() q: PageQueryDto) {
    return this.divisions.reference(q);
  }

  @Get(':code')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One division code' })
  @ApiOkResponse({ type: DivisionResponse })
  get(@Param('code') code: string) {
    return this.divisions.get(code);
  }

  @Post()
  @Roles('governance:admin')
  @ApiCreatedResponse({ type: DivisionResponse, description: 'Adds a code; publishes governance.division.registered' })
  @ApiOperation({ summary: 'Register a division code' })
  register(@Body() dto: DivisionInputDto) {
    return this.divisions.register(dto);
  }

  @Post('import')
  @Roles('governance:admin')
  @ApiCreatedResponse({
    type: DivisionImportResponse,
    description:
      "Loads the city's list (shape of divisions.json): new codes registered, changed names published " +
      '(governance.division.registered with the next version), unlisted codes untouched; a bad list stores nothing',
  })
  @ApiOperation({ summary: 'Import a list of division codes (only changes are published)' })
  import(@Body() dto: DivisionImportDto) {
    return this.divisions.import(dto);
  }

  @Post(':code/retirement')
  @Roles('governance:admin')
  @ApiCreatedResponse({
    type: DivisionResponse,
    description: 'Retires a code from a date; publishes governance.division.retired',
  })
  @ApiOperation({ summary: 'Retire a division code from a date' })
  retire(@Param('code') code: string, @Body() dto: RetireDivisionDto) {
    return this.divisions.retire(code, dto);
  }
}
