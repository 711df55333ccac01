import { IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, examplePersonRef } from '../fields/example-values';
import {
  IsDateOnly,
  IsEntityId,
  IsFen,
  IsOneOf,
  IsPersonRef,
  IsText,
  IsTimestamp,
  IsTown,
} from '../fields/field.decorators';

// Every yuan in and out of a charity project is traceable to a public ledger entry (docs/domain.md §4
// "Transparency"), so donation and disbursement events carry the ledger entry id.

export const PROJECT_KINDS = ['micro-fund', 'major-illness', 'housing', 'education', 'disaster', 'general'] as const;

export class ProjectLaunchedV1Payload {
  @IsEntityId() projectId: string;
  @IsEntityId() organisationId: string;
  @IsText(200) title: string;
  @IsOneOf(PROJECT_KINDS) kind: (typeof PROJECT_KINDS)[number];
  @IsFen() targetFen: number;
  @IsDateOnly() launchedOn: string;
  @IsOptional() @IsDateOnly() endsOn?: string;
}

/** A charity project (or micro-fund) was launched. */
export const ProjectLaunchedV1 = defineEvent({
  type: 'charity.project.launched',
  version: 1,
  topic: Topics.CharityProject,
  subjectField: 'projectId',
  payload: ProjectLaunchedV1Payload,
  summary: 'A charity project or micro-fund was launched with a fundraising target.',
  example: {
    projectId: 'proj-2024-0542',
    organisationId: 'corg-0073',
    title: 'Major-illness help for hardship families',
    kind: 'major-illness',
    targetFen: 50000000,
    launchedOn: '2024-01-10',
    endsOn: '2024-12-31',
  },
});

export class DonationReceivedV1Payload {
  @IsEntityId() projectId: string;
  @IsEntityId() organisationId: string;
  @IsEntityId() donationId: string;
  @IsEntityId() ledgerEntryId: string;
  @IsFen() amountFen: number;
  @IsTimestamp() receivedAt: string;
  /** Donors are not identified in events; the ledger shows them as they chose. */
  @IsOneOf(['individual', 'company', 'anonymous']) donorKind: 'individual' | 'company' | 'anonymous';
  @IsOneOf(['money', 'goods']) form: 'money' | 'goods';
}

/** A donation to a project was received and booked on the public ledger. */
export const DonationReceivedV1 = defineEvent({
  type: 'charity.project.donation-received',
  version: 1,
  topic: Topics.CharityProject,
  subjectField: 'projectId',
  payload: DonationReceivedV1Payload,
  summary: 'A donation to a project was received and booked on the public ledger.',
  example: {
    projectId: 'proj-2024-0542',
    organisationId: 'corg-0073',
    donationId: 'don-2024-118204',
    ledgerEntryId: 'led-2024-0542-000311',
    amountFen: 20000,
    receivedAt: '2024-03-02T10:15:00+08:00',
    donorKind: 'individual',
    form: 'money',
  },
});

export class AidDisbursedV1Payload {
  @IsEntityId() projectId: string;
  @IsEntityId() organisationId: string;
  @IsEntityId() disbursementId: string;
  @IsEntityId() ledgerEntryId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsFen() amountFen: number;
  @IsDateOnly() disbursedOn: string;
  /** The government referral this aid answers (政府救助与慈善救助衔接), if any. */
  @IsOptional() @IsEntityId() referralId?: string;
}

/** Aid from a project reached a person and was booked on the public ledger. */
export const AidDisbursedV1 = defineEvent({
  type: 'charity.project.aid-disbursed',
  version: 1,
  topic: Topics.CharityProject,
  subjectField: 'projectId',
  payload: AidDisbursedV1Payload,
  summary: 'Aid from a project reached a person and was booked on the public ledger.',
  example: {
    projectId: 'proj-2024-0542',
    organisationId: 'corg-0073',
    disbursementId: 'dis-2024-0091',
    ledgerEntryId: 'led-2024-0542-000377',
    personRef: examplePersonRef('household-head'),
    town: EXAMPLE_TOWN,
    amountFen: 1500000,
    disbursedOn: '2024-04-11',
    referralId: 'ref-2024-0033',
  },
});

export class LedgerEntryReversedV1Payload {
  @IsEntityId() projectId: string;
  @IsEntityId() organisationId: string;
  /** The reversing entry; the reversed one stays on the ledger as it was. */
  @IsEntityId() ledgerEntryId: string;
  @IsEntityId() reversedEntryId: string;
  @IsFen() amountFen: number;
  @IsTimestamp() reversedAt: string;
  @IsText(300) reason: string;
}

/** A ledger entry was corrected by a reversing entry (entries are never changed or deleted). */
export const LedgerEntryReversedV1 = defineEvent({
  type: 'charity.project.ledger-entry-reversed',
  version: 1,
  topic: Topics.CharityProject,
  subjectField: 'projectId',
  payload: LedgerEntryReversedV1Payload,
  summary: 'A public ledger entry of a project was corrected by a reversing entry.',
  example: {
    projectId: 'proj-2024-0542',
    organisationId: 'corg-0073',
    ledgerEntryId: 'led-2024-0542-000312',
    reversedEntryId: 'led-2024-0542-000311',
    amountFen: 20000,
    reversedAt: '2024-03-02T11:00:00+08:00',
    reason: 'Bank returned the transfer.',
  },
});
