import { AuthenticatedUser, Clock, correlation, inUserArea, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadPeopleFacts } from '../person-view/load-person-facts';
import { lockPeople } from '../person-view/run-plan';
import { evaluatePerson } from '../rules/evaluate-person';
import { PersonEvaluator } from './person-evaluator.service';

/**
 * One person evaluated now, for a caseworker who wants to know where someone stands without
 * waiting for the daily run: the same evaluation the consumer runs after an event (today by the
 * service's clock, alerts raised or expired as the rule states change), so calling it again
 * changes nothing more.
 */
@Injectable()
export class PersonEvaluationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly evaluator: PersonEvaluator,
    private readonly clock: Clock,
  ) {}

  async evaluateNow(personRef: string, user: AuthenticatedUser) {
    const date = this.clock.today();
    return this.dataSource.transaction(async (m) => {
      await lockPeople(m, [personRef]);
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
