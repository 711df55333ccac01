import { DeadLetterAdmin, DeadLetterNotFound, DeadLetterResolved, RedriveOutcome } from '@civic/messaging';
import {
  ApiPageResponse,
  AuditLog,
  AuthenticatedUser,
  CurrentUser,
  ProblemException,
  Role,
  Roles,
} from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { DEAD_LETTER_ID, DeadLetterQueryDto, DiscardDeadLetterDto } from './dead-letter.dto';
import { DeadLetterResponse, DiscardedResponse, RedriveAppliedResponse } from './dead-letter.responses';

/**
 * The admin API over this service's dead letters (docs/operations.md "Dead letters"), guarded by
 * the roles the app names (its department's admin). Re-drives and discards are audited in the same
 * transaction as their effect.
 */
export function deadLettersController(roles: Role[]): Type<unknown> {
  @ApiTags('operations')
  @ApiBearerAuth()
  @ApiForbiddenResponse({ description: `Requires one of: ${roles.join(', ')} (problem details)` })
  @Controller('dead-letters')
  @Roles(...roles)
  class DeadLettersController {
    constructor(
      private readonly admin: DeadLetterAdmin,
      private readonly audit: AuditLog,
    ) {}

    @Get()
    @ApiOperation({ summary: 'List dead letters (unresolved by default), oldest first' })
    @ApiPageResponse(DeadLetterResponse, 'A page of dead letters with how many events each holds behind it')
    @ApiBadRequestResponse({ description: 'A query parameter breaks its rule (problem details)' })
    async list(@Query() q: DeadLetterQueryDto) {
      const { items, total } = await this.admin.list(q);
      return { items, total, limit: q.limit, offset: q.offset };
    }

    @Get(':id')
    @ApiOperation({ summary: 'One dead letter, with the record value as received' })
    @ApiParam({ name: 'id', description: 'Dead letter id (the dlq-id header of the record on <topic>.dlq)' })
    @ApiOkResponse({ type: DeadLetterResponse, description: 'The dead letter' })
    @ApiNotFoundResponse({ description: 'No such dead letter (problem details)' })
    async get(@Param('id') id: string) {
      const letter = await this.admin.get(idOf(id));
      if (!letter) throw ProblemException.notFound('dead letter', id);
      return letter;
    }

    @Post(':id/redrive')
    @HttpCode(200)
    @ApiOperation({
      summary: 'Re-drive the key of a dead letter after the cause is fixed',
      description:
        'Applies every unresolved dead letter of the key in order through the inbox, then releases the key; if one still fails, nothing changes and the reason is returned as a 409.',
    })
    @ApiParam({ name: 'id', description: 'Dead letter id' })
    @ApiOkResponse({ type: RedriveAppliedResponse })
    @ApiNotFoundResponse({ description: 'No such dead letter (problem details)' })
    @ApiConflictResponse({ description: 'Already resolved, or still failing: the reason (problem details)' })
    async redrive(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
      return outcome(
        await handled(() =>
          this.admin.redrive(idOf(id), user.sub, (m) =>
            this.audit.append(m, {
              actor: user.sub,
              action: 'dead-letter.redriven',
              objectType: 'dead-letter',
              objectId: id,
            }),
          ),
        ),
      );
    }

    @Post(':id/discard')
    @HttpCode(200)
    @ApiOperation({
      summary: 'Discard a dead letter with a reason, releasing the events held behind it',
      description:
        'The event is never applied; the events of the same key held behind it are then re-driven (reported under heldEvents).',
    })
    @ApiParam({ name: 'id', description: 'Dead letter id' })
    @ApiOkResponse({
      type: DiscardedResponse,
      description: 'The discarded letter, and what happened to the events held behind it',
    })
    @ApiBadRequestResponse({ description: 'The reason is missing or breaks its rule (problem details)' })
    @ApiNotFoundResponse({ description: 'No such dead letter (problem details)' })
    @ApiConflictResponse({ description: 'Already resolved (problem details)' })
    async discard(@Param('id') id: string, @Body() body: DiscardDeadLetterDto, @CurrentUser() user: AuthenticatedUser) {
      return handled(() =>
        this.admin.discard(idOf(id), body.reason, user.sub, (m) =>
          this.audit.append(m, {
            actor: user.sub,
            action: 'dead-letter.discarded',
            objectType: 'dead-letter',
            objectId: id,
            detail: { reason: body.reason },
          }),
        ),
      );
    }
  }
  return DeadLettersController;
}

function idOf(id: string): string {
  if (!DEAD_LETTER_ID.test(id))
    throw ProblemException.invalidField('id', 'deadLetterId', 'id must be a dead letter id');
  return id;
}

async function handled<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DeadLetterNotFound) throw ProblemException.notFound('dead letter', e.id);
    if (e instanceof DeadLetterResolved) throw ProblemException.conflict(e.message);
    throw e;
  }
}

function outcome(r: RedriveOutcome) {
  if (r.status === 'refused') throw ProblemException.conflict(`re-drive refused, nothing changed: ${r.why}`);
  return r;
}
