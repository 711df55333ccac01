import { IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, exampleId, examplePersonRef } from '../fields/example-values';
import { IsDateOnly, IsEntityId, IsFen, IsOneOf, IsPersonRef, IsTown } from '../fields/field.decorators';

// Government and charity assistance connect (政府救助与慈善救助衔接, docs/domain.md §4): a need the government
// cannot cover reaches one of the three help centres as a referral; its outcome is published here.

export const HELP_CENTRES = ['major-illness', 'housing-renovation', 'education'] as const;
/** person-died: closed by the data hub's death record, not by staff. */
export const REFERRAL_OUTCOMES = ['aided', 'declined', 'not-eligible', 'no-funds', 'person-died'] as const;

export class ReferralResolvedV1Payload {
  @IsEntityId() referralId: string;
  /** The policy-engine alert the referral came from, when it came from one. */
  @IsOptional() @IsEntityId() alertId?: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsOneOf(HELP_CENTRES) helpCentre: (typeof HELP_CENTRES)[number];
  @IsOneOf(REFERRAL_OUTCOMES) outcome: (typeof REFERRAL_OUTCOMES)[number];
  @IsDateOnly() resolvedOn: string;
  /** Aid booked for the referral (outcome aided): the project and the total disbursed. */
  @IsOptional() @IsEntityId() projectId?: string;
  @IsOptional() @IsFen() aidFen?: number;
}

/** A referral to a charity help centre was worked to an outcome. */
export const ReferralResolvedV1 = defineEvent({
  type: 'charity.referral.resolved',
  version: 1,
  topic: Topics.CharityReferral,
  subjectField: 'referralId',
  payload: ReferralResolvedV1Payload,
  summary: 'A referral to a charity help centre (major illness, housing renovation, education) reached its outcome.',
  example: {
    referralId: 'ref-2024-0033',
    alertId: exampleId('alert-charity'),
    personRef: examplePersonRef('household-head'),
    town: EXAMPLE_TOWN,
    helpCentre: 'major-illness',
    outcome: 'aided',
    resolvedOn: '2024-04-11',
    projectId: 'proj-2024-0542',
    aidFen: 1500000,
  },
});
