import { PERSON_REF_PATTERN } from '@civic/contracts';
import { AuthenticatedUser, CurrentUser, ProblemException, Roles } from '@civic/platform';
import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALERT_WORK_ROLES } from '../alerts/alert-access';
import { PersonEvaluationResponse } from './evaluation.responses';
import { PersonEvaluationService } from './person-evaluation.service';

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('persons')
export class PersonEvaluationController {
  constructor(private readonly evaluation: PersonEvaluationService) {}

  @Post(':personRef/evaluation')
  @HttpCode(200)
  @Roles(...ALERT_WORK_ROLES, 'policy:supervisor', 'policy:admin')
  @ApiOperation({ summary: 'Evaluate one person now against every rule in force today' })
  @ApiOkResponse({
    type: PersonEvaluationResponse,
    description:
      'Every rule in force today for the person (status, facts, parameters) and the alerts raised or expired',
  })
  async evaluate(@Param('personRef') personRef: string, @CurrentUser() user: AuthenticatedUser) {
    if (!PERSON_REF_PATTERN.test(personRef))
      throw ProblemException.invalidField('personRef', 'isPersonRef', 'personRef must be a person pseudonym');
    return this.evaluation.evaluateNow(personRef, user);
  }
}
