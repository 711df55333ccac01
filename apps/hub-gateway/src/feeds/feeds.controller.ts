import { randomBytes, randomUUID } from 'node:crypto';
import { allEventDefinitions, buildAsyncApiDocument } from '@civic/contracts';
import { AuthenticatedUser, CurrentUser, ProblemException, Roles } from '@civic/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { FEED_EVENT_TYPES, FEED_ROLES, mayReceive } from './feed-policy';

class CreateFeedSubscriptionDto {
  @ApiProperty({ example: 'https://agency.example.org/hooks/civic' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  callbackUrl: string;

  @ApiProperty({ enum: FEED_EVENT_TYPES, isArray: true })
  @ArrayNotEmpty()
  @ArrayMaxSize(FEED_EVENT_TYPES.length)
  @IsString({ each: true })
  @IsIn([...FEED_EVENT_TYPES], { each: true })
  eventTypes: string[];
}

class ListQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

/** Thin feeds out: subscriptions limited by role, signed webhooks, details behind authorisation, and the AsyncAPI document for Kafka consumers. */
@ApiTags('feeds')
@Controller('feeds')
@Roles(...FEED_ROLES)
export class FeedsController {
  constructor(private readonly dataSource: DataSource) {}

  @Post('subscriptions')
  @ApiCreatedResponse({
    description:
      'The subscription with its HMAC secret (shown once): webhooks carry x-civic-signature t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">.',
  })
  async subscribe(@Body() dto: CreateFeedSubscriptionDto, @CurrentUser() user: AuthenticatedUser) {
    const refused = dto.eventTypes.filter((t) => !mayReceive(user.roles, t));
    if (refused.length)
      throw ProblemException.forbidden(`your roles do not allow receiving ${refused.join(', ')}`, {
        refusedEventTypes: refused,
      });
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const types = [...new Set(dto.eventTypes)];
    await this.dataSource.query(
      `INSERT INTO feed_subscription (id, owner, roles, callback_url, secret, event_types, status) VALUES ($1, $2, $3, $4, $5, $6, 'active')`,
      [id, user.sub, user.roles, dto.callbackUrl, secret, types],
    );
    return { id, callbackUrl: dto.callbackUrl, eventTypes: types, status: 'active', secret };
  }

  @Get('subscriptions')
  @ApiOkResponse({ description: "The caller's subscriptions (without secrets), paginated." })
  async list(@Query() q: ListQuery, @CurrentUser() user: AuthenticatedUser) {
    const rows = await this.dataSource.query(
      `SELECT id, callback_url, event_types, status, created_at, count(*) OVER () AS total FROM feed_subscription WHERE owner = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`,
      [user.sub, q.limit, q.offset],
    );
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r: Record<string, unknown>) => ({
        id: r.id,
        callbackUrl: r.callback_url,
        eventTypes: r.event_types,
        status: r.status,
        createdAt: r.created_at,
      })),
    };
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  async end(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    const [, affected] = await this.dataSource.query(
      `UPDATE feed_subscription SET status = 'ended' WHERE id = $1 AND owner = $2 AND status = 'active'`,
      [id, user.sub],
    );
    if (!affected) throw ProblemException.notFound('active feed subscription', id);
  }

  @Get('events/:id')
  @ApiOkResponse({ description: 'The full event behind a thin message (payload with personRef and masked ID only).' })
  async event(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    const [row] = await this.dataSource.query(
      `SELECT event_id, event_type, department, occurred_at, data FROM feed_event WHERE event_id = $1`,
      [id],
    );
    if (!row) throw ProblemException.notFound('feed event', id);
    if (!mayReceive(user.roles, row.event_type))
      throw ProblemException.forbidden(`your roles do not allow reading ${row.event_type}`);
    return {
      id: row.event_id,
      type: row.event_type,
      department: row.department,
      time: new Date(row.occurred_at).toISOString(),
      data: row.data,
    };
  }

  @Get('asyncapi')
  @ApiOkResponse({
    description: 'AsyncAPI 3.0 document of the feed event types, for consumers reading the Kafka topics directly.',
  })
  asyncApi() {
    const types = new Set<string>(FEED_EVENT_TYPES);
    return buildAsyncApiDocument(allEventDefinitions().filter((d) => types.has(d.type)));
  }
}
