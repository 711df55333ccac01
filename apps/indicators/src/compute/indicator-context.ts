import { ParameterSet, ScheduledValue } from '@civic/policy-params';
import { IndicatorFact } from './indicator-fact';
import { IndicatorContext } from './indicator';

const SCHEDULED = 'policy.parameter.value-scheduled';

/**
 * The context on `date`: facts counting on or before it (in consumption order) and the base
 * parameters with every value social assistance scheduled (policy.parameter.value-scheduled)
 * winning from its date, as the policy engine applies them.
 */
export function contextAt(facts: readonly IndicatorFact[], base: ParameterSet, date: string): IndicatorContext {
  const byType = new Map<string, IndicatorFact[]>();
  const names = new Map<string, string>();
  for (const fact of facts) {
    if (fact.occurredOn > date) continue;
    let list = byType.get(fact.type);
    if (!list) byType.set(fact.type, (list = []));
    list.push(fact);
    if (fact.type === 'governance.division.registered') names.set(fact.data.code, fact.data.name);
  }
  const scheduled = (byType.get(SCHEDULED) ?? []).map((f) => scheduledValueOf(f));
  const params = scheduled.length > 0 ? base.withOverrides(scheduled) : base;
  return {
    date,
    params,
    ofType: (type) => byType.get(type) ?? [],
    townName: (code) => names.get(code) ?? code,
  };
}

/** The scheduled value a policy.parameter.value-scheduled fact carries. */
export function scheduledValueOf(fact: IndicatorFact): ScheduledValue {
  const { key, value, effectiveFrom, source, scheduledBy } = fact.data;
  return { key, value, effectiveFrom, source, scheduledBy };
}
