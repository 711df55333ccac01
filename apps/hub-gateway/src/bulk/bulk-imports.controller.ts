import { Readable } from 'node:stream';
import { AuthenticatedUser, CurrentUser, ProblemException, Roles } from '@civic/platform';
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
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { HubGatewayConfig } from '../hub-gateway.config';
import { SendersService } from '../senders/senders.service';
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
 * sender; poll progress with the id you pass in `x-import-id` (or get back); read the per-row
 * error report page by page.
 */
@ApiTags('bulk-imports')
@Controller('bulk-imports')
@Roles('hub:hub-integration')
export class BulkImportsController implements OnModuleInit {
  constructor(
    private readonly imports: BulkImportService,
    private readonly senders: SendersService,
    private readonly dataSource: DataSource,
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: HubGatewayConfig,
  ) {}

  onModuleInit(): void {
    // the CSV body reaches the handler as the raw request stream; its size is checked while parsing
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.hasContentTypeParser('text/csv'))
      fastify.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
  }

  @Post()
  @HttpCode(200)
  @ApiOkResponse({
    description:
      'The import summary once the whole file is read: counts; the error report is at /bulk-imports/{id}/errors.',
  })
  async upload(
    @Req() req: FastifyRequest,
    @Headers('content-type') contentType: string | undefined,
    @Headers('x-import-id') importId: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    if (!contentType?.startsWith('text/csv')) throw new ProblemException(415, 'a bulk import is a text/csv body');
    if (importId !== undefined && !UUID.test(importId))
      throw ProblemException.invalidField('x-import-id', 'isUuid', 'x-import-id must be a UUID');
    if (!(await this.senders.find(this.dataSource.manager, user.sub)))
      throw ProblemException.forbidden(`${user.sub} is not a registered sender`);
    if (importId && (await this.imports.progress(this.dataSource.manager, importId)))
      throw ProblemException.conflict(`import ${importId} exists`);
    const result = await this.imports.run(req.body as Readable, user.sub, {
      id: importId,
      maxBytes: this.config.BULK_BODY_LIMIT_BYTES,
      chunkSize: this.config.BULK_CHUNK_ROWS,
    });
    if (result.reason === 'too-large')
      throw new ProblemException(413, `import ${result.id} stopped after ${result.rowsRead} rows: ${result.error}`, {
        extras: { importId: result.id },
      });
    if (result.status === 'failed')
      throw ProblemException.invalidField(
        '(body)',
        'csv',
        `import ${result.id} stopped after ${result.rowsRead} rows: ${result.error}`,
      );
    return result;
  }

  @Get(':id')
  @ApiOkResponse({ description: 'Progress and counts of an import.' })
  async progress(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    const [row] = await this.dataSource.query(`SELECT sender_id FROM bulk_import WHERE id = $1`, [id]);
    if (!row || row.sender_id !== user.sub) throw ProblemException.notFound('bulk import', id);
    return this.imports.progress(this.dataSource.manager, id);
  }

  @Get(':id/errors')
  @ApiOkResponse({ description: 'The per-row error report (line, record id, field, rule, message), by line.' })
  async errors(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ErrorsQuery,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    const [owner] = await this.dataSource.query(`SELECT sender_id FROM bulk_import WHERE id = $1`, [id]);
    if (!owner || owner.sender_id !== user.sub) throw ProblemException.notFound('bulk import', id);
    const rows = await this.dataSource.query(
      `SELECT line, record_id, field, rule, message, count(*) OVER () AS total FROM bulk_import_error WHERE import_id = $1 ORDER BY line, field LIMIT $2 OFFSET $3`,
      [id, q.limit, q.offset],
    );
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r: Record<string, unknown>) => ({
        line: Number(r.line),
        recordId: r.record_id,
        field: r.field,
        rule: r.rule,
        message: r.message,
      })),
    };
  }
}
