import { ParameterSet } from '@civic/policy-params';
import { inProgramme, PersonFacts } from '../person-view/person-facts';
import { Decision, Rule } from './rule';
import { rulesInForce } from './rule-catalog';
import { deadOn } from './rule-helpers';

/** One rule's outcome for one person: alertable = eligible and not enrolled. */
export type RuleOutcome =
  | { rule: Rule; status: 'alertable' | 'enrolled' | 'not-eligible'; decision: Decision }
  | { rule: Rule; status: 'failed'; error: string };

/**
 * Runs every rule in force on `date` for one person (pure). A rule that throws is reported as
 * failed for this person and the others still run. Nobody is alertable after a recorded death;
 * household rules run for the household head only.
 */
export function evaluatePerson(
  facts: PersonFacts,
  params: ParameterSet,
  date: string,
  rules?: readonly Rule[],
): RuleOutcome[] {
  const dead = deadOn(facts, date);
  return rulesInForce(date, rules).flatMap((rule): RuleOutcome[] => {
    if (rule.scope === 'household' && facts.household?.relation !== 'head') return [];
    try {
      const decision = rule.evaluate(facts, params, date);
      if (!decision.eligible || dead) return [{ rule, status: 'not-eligible', decision }];
      const programmes = rule.scope === 'household' ? facts.householdProgrammes : facts.programmes;
      const enrolled = rule.programme !== undefined && inProgramme(programmes, rule.department, rule.programme);
      return [{ rule, status: enrolled ? 'enrolled' : 'alertable', decision }];
    } catch (e) {
      return [{ rule, status: 'failed', error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }];
    }
  });
}
