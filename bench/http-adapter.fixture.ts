import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** Programmes the benchmark DTO accepts; the real list lives in the social-assistance service. */
export const PROGRAMMES = ['dibao', 'tekun', 'temporary-assistance'] as const;

/**
 * A case application of the size real services validate (9 fields, 8 required), so the
 * benchmark measures class-validator's cost and not only routing.
 */
export class CreateCaseDto {
  @IsUUID()
  householdId: string;

  @IsString()
  @Length(1, 50)
  applicantName: string;

  @Matches(/^\d{6}$/)
  areaCode: string;

  @IsInt()
  @Min(1)
  @Max(20)
  memberCount: number;

  @IsInt()
  @Min(0)
  monthlyIncomeFen: number;

  @IsIn(PROGRAMMES)
  programme: string;

  @IsISO8601({ strict: true })
  applicationDate: string;

  @Matches(/^1\d{10}$/)
  contactPhone: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  notes?: string;
}

/** The same rules as CreateCaseDto in JSON Schema, for the bare-Fastify baseline. */
export const createCaseSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'householdId',
    'applicantName',
    'areaCode',
    'memberCount',
    'monthlyIncomeFen',
    'programme',
    'applicationDate',
    'contactPhone',
  ],
  properties: {
    householdId: { type: 'string', format: 'uuid' },
    applicantName: { type: 'string', minLength: 1, maxLength: 50 },
    areaCode: { type: 'string', pattern: '^\\d{6}$' },
    memberCount: { type: 'integer', minimum: 1, maximum: 20 },
    monthlyIncomeFen: { type: 'integer', minimum: 0 },
    programme: { type: 'string', enum: [...PROGRAMMES] },
    applicationDate: { type: 'string', format: 'date' },
    contactPhone: { type: 'string', pattern: '^1\\d{10}$' },
    notes: { type: 'string', maxLength: 500 },
  },
} as const;

/** A valid request body; the load generator posts exactly this. */
export const validCase = {
  householdId: '7d4f4b0e-6f7e-4a43-9a57-2f1b8f3c2d10',
  applicantName: 'Wang Fang',
  areaCode: '310104',
  memberCount: 3,
  monthlyIncomeFen: 182_000,
  programme: 'dibao',
  applicationDate: '2026-03-01',
  contactPhone: '13800138000',
  notes: 'lives with two children',
};

/** The JSON every variant's GET returns: a case summary of realistic size. */
export const caseView = {
  id: 'c1f0a0d6-2b7e-4d1c-8a55-0c7e8a3b9f21',
  householdRef: 'pr_5GZ0kq2vM3xT8yLw',
  programme: 'dibao',
  status: 'approved',
  areaCode: '310104',
  memberCount: 3,
  monthlyIncomeFen: 182_000,
  monthlyBenefitFen: 64_500,
  approvedOn: '2026-03-18',
  reviewers: ['sw-0142', 'sw-0377'],
  history: [
    { at: '2026-03-01T09:12:00+08:00', status: 'submitted' },
    { at: '2026-03-09T15:40:00+08:00', status: 'reviewed' },
    { at: '2026-03-18T10:05:00+08:00', status: 'approved' },
  ],
};
