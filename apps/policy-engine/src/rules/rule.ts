import { ALERT_DEPARTMENTS } from '@civic/contracts';
import { ParameterSet, ParameterValue } from '@civic/policy-params';
import { PersonFacts } from '../person-view/person-facts';

export type AlertDepartment = (typeof ALERT_DEPARTMENTS)[number];

/** A fact a decision used, with the event that established it when known. */
export interface DecisionFact {
  name: string;
  value: string | number;
  sourceEventId?: string;
}

/** A dated parameter value a decision used. */
export interface DecisionParameter {
  key: string;
  value: string | number;
  effectiveFrom: string;
  source: string;
}

/** A rule's answer for one person on one date, with everything it read. */
export interface Decision {
  eligible: boolean;
  facts: DecisionFact[];
  parameters: DecisionParameter[];
}

/**
 * A policy rule as code: pure, versioned, in force from `effectiveFrom` to `effectiveTo`
 * (inclusive; open when absent). `programme` names the enrolment that makes an alert unnecessary
 * (absent for rules that ask for an action rather than an enrolment, like an overdue visit).
 */
export interface Rule {
  id: string;
  version: number;
  effectiveFrom: string;
  effectiveTo?: string;
  department: AlertDepartment;
  programme?: string;
  /** household: evaluated for the household head only, and enrolment of any member counts. */
  scope: 'person' | 'household';
  priority: 'high' | 'normal' | 'low';
  summary: string;
  evaluate(facts: PersonFacts, params: ParameterSet, date: string): Decision;
}

/** The parameter as an alert explains it. */
export function usedParameter(p: ParameterValue): DecisionParameter {
  return { key: p.key, value: p.value, effectiveFrom: p.effectiveFrom, source: p.source };
}

// A parameter set never changes once built, so a value it gives for a key and date is the same
// every time: the rules of a run read the same few values for every person, and each lookup
// validated the date and scanned the scheduled values (a tenth of the evaluation's time).
// The values are shared, not copied: rules only read them (usedParameter copies what it keeps).
const lookups = new WeakMap<ParameterSet, Map<string, ParameterValue>>();
function lookedUp(params: ParameterSet, kind: 'value' | 'derived', key: string, date: string): ParameterValue {
  let values = lookups.get(params);
  if (!values) {
    values = new Map();
    lookups.set(params, values);
  }
  const id = `${kind} ${date} ${key}`;
  let value = values.get(id);
  if (!value) {
    // a lookup that throws is not kept: it throws again next time
    value = kind === 'value' ? params.valueAt(key, date) : params.derivedAt(key, date);
    values.set(id, value);
  }
  return value;
}

/** Builds a decision while a rule reads facts and parameters. */
export class DecisionBuilder {
  readonly facts: DecisionFact[] = [];
  readonly parameters: DecisionParameter[] = [];

  constructor(
    private readonly person: PersonFacts,
    private readonly params: ParameterSet,
    private readonly date: string,
  ) {}

  /** Records a fact (value null/undefined is recorded as 'unknown'). */
  fact(name: string, value: string | number | boolean | null | undefined, source = this.person.sources[name]): void {
    const v = value === null || value === undefined ? 'unknown' : typeof value === 'boolean' ? String(value) : value;
    this.facts.push({ name, value: v, ...(source ? { sourceEventId: source } : {}) });
  }

  /** Reads and records a parameter in force on the evaluation date. */
  param(key: string): ParameterValue {
    const p = lookedUp(this.params, 'value', key, this.date);
    this.parameters.push(usedParameter(p));
    return p;
  }

  /** Reads and records a derived parameter. */
  derived(key: string): ParameterValue {
    const p = lookedUp(this.params, 'derived', key, this.date);
    this.parameters.push(usedParameter(p));
    return p;
  }

  decide(eligible: boolean): Decision {
    return {
      eligible,
      facts: this.facts.length ? this.facts : [{ name: 'personRef', value: this.person.personRef }],
      parameters: this.parameters,
    };
  }
}
