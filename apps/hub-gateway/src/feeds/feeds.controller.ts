import { ApiPageResponse, AuthenticatedUser, CurrentUser, PageQueryDto, Roles } from '@civic/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { CreatedFeedSubscriptionResponse, FeedEventResponse, FeedSubscriptionResponse } from './feed.responses';
import { ArrayMaxSize, ArrayNotEmpty, IsIn, IsString, IsUrl } from 'class-validator';
import { FEED_EVENT_TYPES, FEED_ROLES } from './feed-policy';
import { FeedsService } from './feeds.service';

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

/** Thin feeds out: subscriptions limited by role, signed webhooks, details behind authorisation, and the AsyncAPI document for Kafka consumers. */
@ApiTags('feeds')
@Controller('feeds')
@Roles(...FEED_ROLES)
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Post('subscriptions')
  @ApiOperation({ summary: 'Subscribe a webhook to feed event types your roles allow' })
  @ApiCreatedResponse({
    type: CreatedFeedSubscriptionResponse,
    description:
      'The subscription with its HMAC secret (shown once): webhooks carry x-civic-signature t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">.',
  })
  subscribe(@Body() dto: CreateFeedSubscriptionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.feeds.subscribe(user, dto.callbackUrl, dto.eventTypes);
  }

  @Get('subscriptions')
  @ApiOperation({ summary: 'The caller’s webhook subscriptions, without secrets' })
  @ApiPageResponse(FeedSubscriptionResponse, "The caller's subscriptions (without secrets), paginated.", false)
  list(@Query() q: PageQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.feeds.list(user, q.limit, q.offset);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of the caller’s subscriptions' })
  @ApiNoContentResponse({ description: 'Ended' })
  end(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.feeds.end(user, id);
  }

  @Get('events/:id')
  @ApiOperation({ summary: 'The full event behind a thin webhook message' })
  @ApiOkResponse({
    type: FeedEventResponse,
    description: 'The full event behind a thin message (payload with personRef and masked ID only).',
  })
  event(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.feeds.event(user, id);
  }

  @Get('asyncapi')
  @ApiOperation({ summary: 'AsyncAPI document of the feed event types' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      additionalProperties: true,
      properties: { asyncapi: { type: 'string', example: '3.0.0' } },
    },
    description: 'AsyncAPI 3.0 document of the feed event types, for consumers reading the Kafka topics directly.',
  })
  asyncApi() {
    return this.feeds.asyncApi();
  }
}
