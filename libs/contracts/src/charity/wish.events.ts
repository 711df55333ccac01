import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, examplePersonRef } from '../fields/example-values';
import { IsDateOnly, IsEntityId, IsFen, IsOneOf, IsPersonRef, IsText, IsTown } from '../fields/field.decorators';

export class WishFulfilledV1Payload {
  @IsEntityId() wishId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsText(200) item: string;
  @IsFen() valueFen: number;
  @IsDateOnly() fulfilledOn: string;
  @IsOneOf(['individual', 'company', 'anonymous']) donorKind: 'individual' | 'company' | 'anonymous';
}

/** A material wish (微心愿) was fulfilled. */
export const WishFulfilledV1 = defineEvent({
  type: 'charity.wish.fulfilled',
  version: 1,
  topic: Topics.CharityWish,
  subjectField: 'wishId',
  payload: WishFulfilledV1Payload,
  summary: 'A material wish (微心愿) was fulfilled for a person.',
  example: {
    wishId: 'wish-2024-10277',
    personRef: examplePersonRef('child'),
    town: EXAMPLE_TOWN,
    item: 'School bag and winter coat',
    valueFen: 32000,
    fulfilledOn: '2024-09-01',
    donorKind: 'company',
  },
});
