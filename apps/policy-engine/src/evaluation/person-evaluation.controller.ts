import { PERSON_REF_PATTERN } from '@civic/contracts';
import {
  AuthenticatedUser,
  Clock,
  correlation,
  CurrentUser,
  inUserArea,
  ProblemException,
  Roles,
} from '@civic/platform';
import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ALERT_WORK_ROLES } from '../alerts/alert-access';
import { loadPeopleFacts } from '../person-view/load-person-facts';
import { lockPeople } from '../person-view/person-view.store';
import { evaluatePerson } from '../rules/evaluate-person';
import { PersonEvaluator } from './person-evaluator.service';

/**
 * One person evaluated now, for a caseworker who wants to know where someone stands without
 * waiting for the daily run: the same evaluation the consumer runs after an event (today by the
 * service's clock, alerts raised or expired as the rule states change), so calling it again
 * changes nothing more.
 */
@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('persons')
export class PersonEvaluationController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly evaluator: PersonEvaluator,
    private readonly clock: Clock,
  ) {}

  @Post(':personRef/evaluation')
  @HttpCode(200)
  @Roles(...ALERT_WORK_ROLES, 'policy:supervisor', 'policy:admin')
  @ApiOkResponse({
    description:
      'Every rule in force today for the person (status, facts, parameters) and the alerts raised or expired',
  })
  async evaluate(@Param('personRef') personRef: string, @CurrentUser() user: AuthenticatedUser) {
    if (!PERSON_REF_PATTERN.test(personRef))
      throw ProblemException.invalidField('personRef', 'isPersonRef', 'personRef must be a person pseudonym');
    const date = this.clock.today();
    return this.dataSource.transaction(async (m) => {
      await lockPeople(m, [personRef], []);
      const facts = (await loadPeopleFacts(m, [personRef])).get(personRef);
      if (!facts) throw ProblemException.notFound('person', personRef);
      const town = facts.town ?? facts.household?.town;
      if (town && !inUserArea(user, town))
        throw ProblemException.forbidden(`the person is in town ${town}, outside your towns`);
      const params = await this.evaluator.parameters(m);
      const id = correlation.current() ?? randomUUID();
      const tally = await this.evaluator.evaluate(
        m,
        [personRef],
        date,
        { source: '/civic/policy-engine', correlationId: id, causationId: id },
        params,
      );
      return {
        personRef,
        date,
        alertsRaised: tally.alertsRaised,
        alertsExpired: tally.alertsExpired,
        rules: evaluatePerson(facts, params, date).map((o) =>
          o.status === 'failed'
            ? { ruleId: o.rule.id, version: o.rule.version, status: o.status, error: o.error }
            : { ruleId: o.rule.id, version: o.rule.version, status: o.status, decision: o.decision },
        ),
      };
    });
  }
}
