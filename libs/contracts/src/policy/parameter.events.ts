import { defineEvent } from '../registry';
import { Sources, Topics } from '../topics';
import { IsDateOnly, IsEntityId, IsStringOrNumber, IsText } from '../fields/field.decorators';

export class ParameterValueScheduledV1Payload {
  /** Parameter key, e.g. `dibao.standard.monthlyFen`. */
  @IsText(120) key: string;
  /** Money in integer fen; ratios as decimal strings (e.g. "1.6") so no binary float is involved. */
  @IsStringOrNumber() value: string | number;
  @IsDateOnly() effectiveFrom: string;
  @IsText(300) source: string;
  @IsEntityId() scheduledBy: string;
}

/**
 * A dated policy parameter value was scheduled (docs/domain.md: policy values are dated parameters).
 * Social-assistance owns the parameter store and its scheduling route (apps/social-assistance/src/parameters),
 * so it publishes this event; the policy engine only reads it.
 */
export const ParameterValueScheduledV1 = defineEvent({
  type: 'policy.parameter.value-scheduled',
  version: 1,
  topic: Topics.PolicyParameter,
  source: Sources.assistance,
  subjectField: 'key',
  payload: ParameterValueScheduledV1Payload,
  summary: 'A dated policy parameter value (standard, multiplier, threshold) was scheduled from a date.',
  example: {
    key: 'dibao.standard.monthlyFen',
    value: 125000,
    effectiveFrom: '2025-01-01',
    source: 'Zhongshan civil affairs notice 2024-12',
    scheduledBy: 'u-city-0001',
  },
});
