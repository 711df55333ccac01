import { IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN } from '../fields/example-values';
import { IsCreditCode } from '../fields/credit-code.field';
import { IsDateOnly, IsEntityId, IsFlag, IsIntIn, IsOneOf, IsText, IsTown } from '../fields/field.decorators';

// Social organisations of docs/domain.md §5: registration, annual reports, credit red/black lists.

export const ORGANISATION_KINDS = ['social-group', 'private-non-enterprise', 'foundation', 'community'] as const;
export const CREDIT_LISTS = ['red', 'black', 'none'] as const;

export class SocialOrganisationRegisteredV1Payload {
  @IsEntityId() organisationId: string;
  @IsText(200) name: string;
  /** Filed community organisations (备案) have no credit code yet. */
  @IsOptional() @IsCreditCode() creditCode?: string;
  @IsOneOf(ORGANISATION_KINDS) kind: (typeof ORGANISATION_KINDS)[number];
  @IsTown() town: string;
  @IsDateOnly() registeredOn: string;
  /** A hub community organisation (枢纽型) for its town (indicator 17). */
  @IsFlag() hub: boolean;
}

/** A social organisation was registered or filed. */
export const SocialOrganisationRegisteredV1 = defineEvent({
  type: 'governance.social-organisation.registered',
  version: 1,
  topic: Topics.GovernanceSocialOrganisation,
  subjectField: 'organisationId',
  payload: SocialOrganisationRegisteredV1Payload,
  summary: 'A social organisation was registered (or a community organisation filed).',
  example: {
    organisationId: 'sorg-2273',
    name: 'Shiqi Neighbourhood Mutual Aid Association',
    creditCode: '51442000MJL7654321',
    kind: 'community',
    town: EXAMPLE_TOWN,
    registeredOn: '2023-11-20',
    hub: true,
  },
});

export class AnnualReportFiledV1Payload {
  @IsEntityId() organisationId: string;
  @IsTown() town: string;
  @IsIntIn(2000, 2100) year: number;
  @IsDateOnly() filedOn: string;
  @IsFlag() onTime: boolean;
}

/** A social organisation filed its annual report. */
export const AnnualReportFiledV1 = defineEvent({
  type: 'governance.social-organisation.annual-report-filed',
  version: 1,
  topic: Topics.GovernanceSocialOrganisation,
  subjectField: 'organisationId',
  payload: AnnualReportFiledV1Payload,
  summary: 'A social organisation filed its annual report for a year.',
  example: { organisationId: 'sorg-2273', town: EXAMPLE_TOWN, year: 2023, filedOn: '2024-05-14', onTime: true },
});

export class CreditListChangedV1Payload {
  @IsEntityId() organisationId: string;
  @IsTown() town: string;
  @IsOneOf(CREDIT_LISTS) list: (typeof CREDIT_LISTS)[number];
  @IsOneOf(CREDIT_LISTS) previousList: (typeof CREDIT_LISTS)[number];
  @IsDateOnly() effectiveFrom: string;
  @IsText() reason: string;
}

/** An organisation moved onto or off the credit red or black list. */
export const CreditListChangedV1 = defineEvent({
  type: 'governance.social-organisation.credit-list-changed',
  version: 1,
  topic: Topics.GovernanceSocialOrganisation,
  subjectField: 'organisationId',
  payload: CreditListChangedV1Payload,
  summary: 'An organisation moved onto or off the credit red or black list.',
  example: {
    organisationId: 'sorg-2273',
    town: EXAMPLE_TOWN,
    list: 'black',
    previousList: 'none',
    effectiveFrom: '2024-07-01',
    reason: 'Annual report missing two years running.',
  },
});

export class AnnualReportOverdueV1Payload {
  @IsEntityId() organisationId: string;
  @IsTown() town: string;
  @IsIntIn(2000, 2100) year: number;
  @IsDateOnly() dueDate: string;
  /** The business date the missing report was found. */
  @IsDateOnly() flaggedOn: string;
}

/** An organisation's annual report for a year was not filed by its due date (flagged late). */
export const AnnualReportOverdueV1 = defineEvent({
  type: 'governance.social-organisation.annual-report-overdue',
  version: 1,
  topic: Topics.GovernanceSocialOrganisation,
  subjectField: 'organisationId',
  payload: AnnualReportOverdueV1Payload,
  summary: 'An annual report was not filed by its due date; the organisation is flagged late for that year.',
  example: {
    organisationId: 'sorg-2273',
    town: EXAMPLE_TOWN,
    year: 2023,
    dueDate: '2024-05-31',
    flaggedOn: '2024-06-01',
  },
});

export class SocialOrganisationChangedV1Payload {
  @IsEntityId() organisationId: string;
  /** The town after the change. */
  @IsTown() town: string;
  @IsText(200) name: string;
  @IsFlag() hub: boolean;
  /** Grade evaluation 1A-5A, when evaluated. */
  @IsOptional() @IsIntIn(1, 5) grade?: number;
  @IsOneOf(['details', 'grade']) change: 'details' | 'grade';
  @IsDateOnly() changedOn: string;
  @IsText() reason: string;
}

/** A registered organisation's name, town, hub status or grade changed (the state after the change). */
export const SocialOrganisationChangedV1 = defineEvent({
  type: 'governance.social-organisation.changed',
  version: 1,
  topic: Topics.GovernanceSocialOrganisation,
  subjectField: 'organisationId',
  payload: SocialOrganisationChangedV1Payload,
  summary: 'A social organisation changed its name, town or hub status, or was graded (state after the change).',
  example: {
    organisationId: 'sorg-2273',
    town: EXAMPLE_TOWN,
    name: 'Shiqi Neighbourhood Mutual Aid Association',
    hub: true,
    grade: 4,
    change: 'grade',
    changedOn: '2024-09-02',
    reason: 'Grade evaluation 2024: 4A.',
  },
});
