import { IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { Actor } from '../fields/actor.field';
import { EXAMPLE_TOWN, exampleId, examplePersonRef } from '../fields/example-values';
import {
  IsDateOnly,
  IsEntityId,
  IsIntIn,
  IsNested,
  IsOneOf,
  IsPersonRef,
  IsStringOrNumber,
  IsText,
  IsTown,
} from '../fields/field.decorators';

// "Policy finds people" (docs/domain.md): an alert names the facts and the rule version that justify
// it, and the dated parameter values the rule read, so staff and auditors can replay the decision.

export const ALERT_DEPARTMENTS = ['assistance', 'eldercare', 'child-welfare', 'charity', 'governance'] as const;

export class AlertFact {
  /** Fact name in the person view, e.g. `household.perCapitaMonthlyIncomeFen`. */
  @IsText(120) name: string;
  @IsStringOrNumber() value: string | number;
  /** The event that established the fact. */
  @IsOptional() @IsEntityId() sourceEventId?: string;
}

export class AlertParameter {
  @IsText(120) key: string;
  @IsStringOrNumber() value: string | number;
  @IsDateOnly() effectiveFrom: string;
  /** The document the value comes from. */
  @IsText(300) source: string;
}

export class AlertExplanation {
  /** The day the rule was evaluated for; parameters are those in force that day. */
  @IsDateOnly() date: string;
  @IsNested(() => AlertFact, { array: true, minItems: 1 }) facts: AlertFact[];
  @IsNested(() => AlertParameter, { array: true }) parameters: AlertParameter[];
}

export class AlertRaisedV1Payload {
  @IsEntityId() alertId: string;
  @IsPersonRef() personRef: string;
  @IsEntityId() ruleId: string;
  @IsIntIn(1, 1000000) ruleVersion: number;
  @IsOneOf(ALERT_DEPARTMENTS) department: (typeof ALERT_DEPARTMENTS)[number];
  @IsTown() town: string;
  @IsOneOf(['high', 'normal', 'low']) priority: 'high' | 'normal' | 'low';
  @IsDateOnly() dueDate: string;
  @IsText() summary: string;
  @IsNested(() => AlertExplanation) explanation: AlertExplanation;
}

/** A person newly meets a policy's conditions and is not enrolled. */
export const AlertRaisedV1 = defineEvent({
  type: 'policy.alert.raised',
  version: 1,
  topic: Topics.PolicyAlert,
  subjectField: 'alertId',
  payload: AlertRaisedV1Payload,
  summary:
    "A person newly meets a policy's conditions and is not enrolled; the alert carries the facts, rule version and parameters.",
  example: {
    alertId: exampleId('alert-dibao'),
    personRef: examplePersonRef('household-head'),
    ruleId: 'dibao-income-below-standard',
    ruleVersion: 3,
    department: 'assistance',
    town: EXAMPLE_TOWN,
    priority: 'high',
    dueDate: '2024-06-15',
    summary: 'Household per-capita income fell below the dibao standard.',
    explanation: {
      date: '2024-06-01',
      facts: [
        { name: 'household.perCapitaMonthlyIncomeFen', value: 15000, sourceEventId: exampleId('income-changed') },
        { name: 'case.dibao.status', value: 'none' },
      ],
      parameters: [
        {
          key: 'dibao.standard.monthlyFen',
          value: 115000,
          effectiveFrom: '2022-01-01',
          source: 'Zhongshan civil affairs notice 2022-01',
        },
      ],
    },
  },
});

export const ALERT_OUTCOMES = ['enrolled', 'declined', 'not-eligible', 'superseded'] as const;

export class AlertResolvedV1Payload {
  @IsEntityId() alertId: string;
  @IsPersonRef() personRef: string;
  @IsEntityId() ruleId: string;
  @IsIntIn(1, 1000000) ruleVersion: number;
  @IsOneOf(ALERT_DEPARTMENTS) department: (typeof ALERT_DEPARTMENTS)[number];
  @IsTown() town: string;
  @IsOneOf(ALERT_OUTCOMES) outcome: (typeof ALERT_OUTCOMES)[number];
  @IsDateOnly() resolvedOn: string;
  /** Absent when the engine superseded the alert itself. */
  @IsOptional() @IsNested(() => Actor) actor?: Actor;
  /** The case opened when the person was enrolled. */
  @IsOptional() @IsEntityId() caseId?: string;
  @IsOptional() @IsText() note?: string;
}

/** Staff finished working an alert. */
export const AlertResolvedV1 = defineEvent({
  type: 'policy.alert.resolved',
  version: 1,
  topic: Topics.PolicyAlert,
  subjectField: 'alertId',
  payload: AlertResolvedV1Payload,
  summary: 'An alert was resolved: the person enrolled, declined, was not eligible, or the alert was superseded.',
  example: {
    alertId: exampleId('alert-dibao'),
    personRef: examplePersonRef('household-head'),
    ruleId: 'dibao-income-below-standard',
    ruleVersion: 3,
    department: 'assistance',
    town: EXAMPLE_TOWN,
    outcome: 'enrolled',
    resolvedOn: '2024-06-03',
    actor: { userId: 'u-town-0107', duty: 'caseworker' },
    caseId: 'case-2024-004211',
  },
});
