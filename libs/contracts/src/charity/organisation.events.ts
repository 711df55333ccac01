import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN } from '../fields/example-values';
import { IsCreditCode } from '../fields/credit-code.field';
import { IsDateOnly, IsEntityId, IsFlag, IsText, IsTown } from '../fields/field.decorators';

export class CharityOrganisationRegisteredV1Payload {
  @IsEntityId() organisationId: string;
  @IsText(200) name: string;
  @IsCreditCode() creditCode: string;
  @IsTown() town: string;
  @IsDateOnly() registeredOn: string;
  /** Holds the public-fundraising qualification (公开募捐资格). */
  @IsFlag() publicFundraising: boolean;
}

/** A charitable organisation was registered (recognised) with the bureau. */
export const CharityOrganisationRegisteredV1 = defineEvent({
  type: 'charity.organisation.registered',
  version: 1,
  topic: Topics.CharityOrganisation,
  subjectField: 'organisationId',
  payload: CharityOrganisationRegisteredV1Payload,
  summary: 'A charitable organisation was registered, with or without public-fundraising qualification.',
  example: {
    organisationId: 'corg-0073',
    name: 'Zhongshan Red Heart Charity Federation',
    creditCode: '53442000MJL0123456',
    town: EXAMPLE_TOWN,
    registeredOn: '2021-03-15',
    publicFundraising: true,
  },
});
