import { IsOptional, IsString, Matches } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN } from '../fields/example-values';
import { IsDateOnly, IsIntIn, IsOneOf, IsText, IsTown } from '../fields/field.decorators';

// Administrative divisions of docs/domain.md §5 as reference data: governance owns the list of town
// (镇街) and village/community (村居) codes, every other service reads these events to validate the
// codes it is given. Keyed by the code, so one division's facts stay in order.

export const DIVISION_LEVELS = ['town', 'village'] as const;
/** A town code (9 digits) or a village/community code (12 digits). */
export const DIVISION_CODE_PATTERN = /^(\d{9}|\d{12})$/;

export class DivisionRegisteredV1Payload {
  @IsString()
  @Matches(DIVISION_CODE_PATTERN, { message: '$property must be a 9-digit town or 12-digit village code' })
  code: string;
  @IsOneOf(DIVISION_LEVELS) level: (typeof DIVISION_LEVELS)[number];
  @IsText(100) name: string;
  /** The town a village or community belongs to; absent for a town. */
  @IsOptional() @IsTown() townCode?: string;
  /** Village committee (村委会) or community (residents') committee (居委会); absent for a town. */
  @IsOptional() @IsOneOf(['village', 'community']) kind?: 'village' | 'community';
  @IsDateOnly() effectiveFrom: string;
  /**
   * The division's revision in governance (1 when registered, +1 per change or retirement). A reader
   * keeps the highest it has seen, so a late or replayed event never undoes a newer state, whether that
   * came from an event or from governance's reference list (GET /api/v1/divisions/reference). Optional:
   * events published before it existed lack it.
   */
  @IsOptional() @IsIntIn(1, 2_147_483_647) version?: number;
}

/** A division code was registered (or its name or parent changed): it is valid from effectiveFrom. */
export const DivisionRegisteredV1 = defineEvent({
  type: 'governance.division.registered',
  version: 1,
  topic: Topics.GovernanceDivision,
  subjectField: 'code',
  payload: DivisionRegisteredV1Payload,
  summary: 'A town or village/community code is valid from a date (reference data every service validates against).',
  example: {
    code: '442000100001',
    level: 'village',
    name: 'Example community',
    townCode: EXAMPLE_TOWN,
    kind: 'community',
    effectiveFrom: '2021-01-01',
    version: 1,
  },
});

export class DivisionRetiredV1Payload {
  @IsString()
  @Matches(DIVISION_CODE_PATTERN, { message: '$property must be a 9-digit town or 12-digit village code' })
  code: string;
  @IsOneOf(DIVISION_LEVELS) level: (typeof DIVISION_LEVELS)[number];
  @IsDateOnly() retiredOn: string;
  @IsText() reason: string;
  /** The division's revision after the retirement (see DivisionRegisteredV1Payload.version). */
  @IsOptional() @IsIntIn(1, 2_147_483_647) version?: number;
}

/** A division code stops being valid (merged or abolished); records keep it, new ones may not use it. */
export const DivisionRetiredV1 = defineEvent({
  type: 'governance.division.retired',
  version: 1,
  topic: Topics.GovernanceDivision,
  subjectField: 'code',
  payload: DivisionRetiredV1Payload,
  summary: 'A town or village/community code is no longer valid for new records from a date.',
  example: {
    code: '442000100001',
    level: 'village',
    retiredOn: '2024-01-01',
    reason: 'Merged into a neighbour.',
    version: 2,
  },
});
