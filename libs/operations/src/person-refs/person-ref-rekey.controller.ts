import { AuthenticatedUser, correlation, CurrentUser, Role, Roles } from '@civic/platform';
import { Controller, Get, HttpCode, Post, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PersonRefRekeying } from './person-ref-rekeying';
import { PersonRefKeyStatusResponse, RekeyOutcomeResponse } from './person-ref-rekey.responses';

/**
 * Step 3 of the personRef key rotation (docs/operations.md "Rotating the personRef key"), for the
 * roles the app names (its department's admin). Each batch is audited in its own transaction.
 */
export function personRefRekeyController(roles: Role[]): Type<unknown> {
  @ApiTags('operations')
  @ApiBearerAuth()
  @ApiForbiddenResponse({ description: `Requires one of: ${roles.join(', ')} (problem details)` })
  @Controller('person-refs')
  @Roles(...roles)
  class PersonRefRekeyController {
    constructor(private readonly rekeying: PersonRefRekeying) {}

    @Get('key-status')
    @ApiOperation({ summary: 'How many stored personRefs are not under the current key, per column' })
    @ApiOkResponse({ type: PersonRefKeyStatusResponse })
    async status() {
      return { remaining: await this.rekeying.remaining(), conflicts: await this.rekeying.conflicts() };
    }

    @Post('rekey')
    @HttpCode(200)
    @ApiOperation({
      summary: 'Re-key every stored personRef to the current key',
      description:
        'Re-computes each ref from the encrypted ID number, moves it in every table, keeps the old ref as an alias and publishes <department>.person.ref-rekeyed. Idempotent; safe with traffic flowing.',
    })
    @ApiOkResponse({ type: RekeyOutcomeResponse })
    async rekey(@CurrentUser() user: AuthenticatedUser) {
      return this.rekeying.rekeyAll(user.sub, correlation.current());
    }
  }
  return PersonRefRekeyController;
}
