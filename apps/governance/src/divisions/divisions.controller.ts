import { PageQueryDto, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DivisionImportDto, DivisionInputDto, DivisionListQueryDto, RetireDivisionDto } from './division-input.dto';
import { DivisionsService } from './divisions.service';

const READERS = ['governance:viewer', 'governance:clerk', 'governance:supervisor', 'governance:admin'] as const;

@ApiTags('divisions')
@ApiBearerAuth()
@Controller('divisions')
export class DivisionsController {
  constructor(private readonly divisions: DivisionsService) {}

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: 'Paged; filter by level, town, in force' })
  list(@Query() q: DivisionListQueryDto) {
    return this.divisions.list(q);
  }

  @Get('reference')
  @Roles('governance:reference-reader')
  @ApiOkResponse({
    description:
      'Every division, retired ones included, with its version and updatedAt, paged by code: for a service ' +
      'filling its copy of the codes (libs/divisions). Service credential only (governance:reference-reader).',
  })
  reference(@Query() q: PageQueryDto) {
    return this.divisions.reference(q);
  }

  @Get(':code')
  @Roles(...READERS)
  get(@Param('code') code: string) {
    return this.divisions.get(code);
  }

  @Post()
  @Roles('governance:admin')
  @ApiCreatedResponse({ description: 'Adds a code; publishes governance.division.registered' })
  register(@Body() dto: DivisionInputDto) {
    return this.divisions.register(dto);
  }

  @Post('import')
  @Roles('governance:admin')
  @ApiCreatedResponse({
    description:
      "Loads the city's list (shape of divisions.json): new codes registered, changed names published " +
      '(governance.division.registered with the next version), unlisted codes untouched; a bad list stores nothing',
  })
  import(@Body() dto: DivisionImportDto) {
    return this.divisions.import(dto);
  }

  @Post(':code/retirement')
  @Roles('governance:admin')
  @ApiCreatedResponse({ description: 'Retires a code from a date; publishes governance.division.retired' })
  retire(@Param('code') code: string, @Body() dto: RetireDivisionDto) {
    return this.divisions.retire(code, dto);
  }
}
