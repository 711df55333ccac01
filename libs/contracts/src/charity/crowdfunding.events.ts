import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, examplePersonRef } from '../fields/example-values';
import { IsDateOnly, IsEntityId, IsFen, IsOneOf, IsPersonRef, IsTown } from '../fields/field.decorators';

export class CrowdfundingOpenedV1Payload {
  @IsEntityId() campaignId: string;
  @IsEntityId() organisationId: string;
  /** The person the campaign helps; policy rules read the declared cost as rigid spending. */
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsOneOf(['major-illness', 'accident', 'education', 'disaster', 'other']) purpose:
    'major-illness' | 'accident' | 'education' | 'disaster' | 'other';
  @IsFen() declaredCostFen: number;
  @IsFen() targetFen: number;
  @IsDateOnly() openedOn: string;
}

/** An illness crowdfunding campaign (红心筹) was opened. */
export const CrowdfundingOpenedV1 = defineEvent({
  type: 'charity.crowdfunding.opened',
  version: 1,
  topic: Topics.CharityCrowdfunding,
  subjectField: 'campaignId',
  payload: CrowdfundingOpenedV1Payload,
  summary: 'An illness or hardship crowdfunding campaign (红心筹) was opened for a person.',
  example: {
    campaignId: 'cf-2024-0207',
    organisationId: 'corg-0073',
    personRef: examplePersonRef('household-head'),
    town: EXAMPLE_TOWN,
    purpose: 'major-illness',
    declaredCostFen: 18000000,
    targetFen: 10000000,
    openedOn: '2024-05-06',
  },
});
