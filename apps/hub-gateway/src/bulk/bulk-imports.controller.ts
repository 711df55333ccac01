import { Readable } from 'node:stream';
import { ApiPageResponse, AuthenticatedUser, CurrentUser, ProblemException, Roles } from '@civic/platform';
import {
  Controller,
  Get,
  Headers,
  HttpCode,
  OnModuleInit,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BulkImportProgressResponse, BulkImportRowError } from './bulk-import.responses';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BulkImportService } from './bulk-import.service';

class ErrorsQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit = 1000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * Bulk initial loads: POST a `text/csv` body (streamed, up to BULK_BODY_LIMIT_BYTES) as a registered
 * sender, answered when read or, with `Prefer: respond-async`, at once with the import's id; poll
 * progress with the id you pass in `x-import-id` (or get back); read the per-row error report page by page.
 */
@ApiTags('bulk-imports')
@Controller('bulk-imports')
@Roles('hub:hub-integration')
export class BulkImportsController implements OnModuleInit {
  constructor(
    private readonly imports: BulkImportService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    // the CSV body reaches the handler as the raw request stream; its size is checked while parsing
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.hasContentTypeParser('text/csv'))
      fastify.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Bulk initial load: a text/csv body of records from a registered sender' })
  @ApiAcceptedResponse({
    type: BulkImportProgressResponse,
    description: 'With `Prefer: respond-async`: the import started, its id at once (Location)',
  })
  @ApiResponse({ status: 415, description: 'The body is not text/csv' })
  @ApiOkResponse({
    type: BulkImportProgressResponse,
    description:
      'The import summary once the whole file is read: counts; the error report is at /bulk-imports/{id}/errors. With `Prefer: respond-async`: 202 with the id at once (Location), progress at GET /bulk-imports/{id}.',
  })
  async upload(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
    @Headers('content-type') contentType: string | undefined,
    @Headers('x-import-id') importId: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    if (!contentType?.startsWith('text/csv')) throw new ProblemException(415, 'a bulk import is a text/csv body');
    if (importId !== undefined && !UUID.test(importId))
      throw ProblemException.invalidField('x-import-id', 'isUuid', 'x-import-id must be a UUID');
    // RFC 7240: the client asks not to wait for the rows; it gets the import's id and polls it
    if (prefer?.split(/\s*,\s*/).includes('respond-async')) {
      const started = await this.imports.uploadAsync(req.body as Readable, user.sub, importId);
      void res
        .status(202)
        .header('location', `/api/v1/bulk-imports/${started.id}`)
        .header('preference-applied', 'respond-async');
      return started;
    }
    return this.imports.upload(req.body as Readable, user.sub, importId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress and counts of an import' })
  @ApiOkResponse({ type: BulkImportProgressResponse, description: 'Progress and counts of an import.' })
  progress(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.imports.progressOf(user.sub, id);
  }

  @Get(':id/errors')
  @ApiOperation({ summary: 'The per-row error report of an import, by line' })
  @ApiPageResponse(
    BulkImportRowError,
    'The per-row error report (line, record id, field, rule, message), by line.',
    false,
  )
  errors(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ErrorsQuery,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.imports.errors(user.sub, id, q.limit, q.offset);
  }
}
