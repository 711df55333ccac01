import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What the means test answers (means-test.ts MeansTestResult, programme-result.ts, reason.ts).

export class ReasonResponse {
  @ApiProperty() rule: string;
  @ApiProperty({ type: String, nullable: true }) parameterKey: string | null;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true }) value: number | string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveFrom: string | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiPropertyOptional() placeholder?: string;
  @ApiProperty() detail: string;
}

class AmountResponse {
  @ApiProperty() fen: number;
  @ApiProperty({ enum: ['month', 'year', 'case'] }) per: string;
}

class MemberResultResponse {
  @ApiProperty() personRef: string;
  @ApiProperty() eligible: boolean;
  @ApiProperty({ type: AmountResponse, nullable: true }) amount: AmountResponse | null;
  @ApiProperty({ type: [ReasonResponse] }) reasons: ReasonResponse[];
}

export class ProgrammeResultResponse {
  @ApiProperty() eligible: boolean;
  @ApiProperty({ type: AmountResponse, nullable: true, description: 'household total' }) amount: AmountResponse | null;
  @ApiProperty({ type: [ReasonResponse] }) reasons: ReasonResponse[];
  @ApiPropertyOptional({ type: [MemberResultResponse], description: 'per-person programmes' })
  members?: MemberResultResponse[];
  @ApiPropertyOptional({ enum: [false], description: 'false when a parameter has no value yet on the date' })
  assessable?: false;
}

export class TemporaryResultResponse extends ProgrammeResultResponse {
  @ApiProperty({ type: String, nullable: true }) assistanceType: string | null;
  @ApiProperty({ enum: ['small', 'ordinary', 'special'], nullable: true }) kind: string | null;
}

class IncomeResponse {
  @ApiProperty() annualFen: number;
  @ApiProperty() householdMonthlyFen: number;
  @ApiProperty() perCapitaMonthlyFen: number;
  @ApiProperty({ enum: ['half-up'] }) rounding: string;
}

class AssetCheckResponse {
  @ApiProperty() passed: boolean;
  @ApiProperty({ type: [ReasonResponse] }) reasons: ReasonResponse[];
}

const P = (name: string) => ApiProperty({ name, type: ProgrammeResultResponse });

class ProgrammesResponse {
  @P('dibao') dibao: ProgrammeResultResponse;
  @P('low-income') lowIncome: ProgrammeResultResponse;
  @P('extreme-poverty') extremePoverty: ProgrammeResultResponse;
  @ApiProperty({ type: TemporaryResultResponse }) temporary: TemporaryResultResponse;
  @P('expenditure-hardship') expenditureHardship: ProgrammeResultResponse;
  @P('disability-living-subsidy') disabilityLivingSubsidy: ProgrammeResultResponse;
  @P('disability-nursing-subsidy') disabilityNursingSubsidy: ProgrammeResultResponse;
}

class ReferralsResponse {
  @P('medical-aid') medicalAid: ProgrammeResultResponse;
  @P('education-aid') educationAid: ProgrammeResultResponse;
  @P('housing-aid') housingAid: ProgrammeResultResponse;
}

export class MeansTestResponse {
  @ApiProperty() householdId: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() memberCount: number;
  @ApiProperty({ type: IncomeResponse }) income: IncomeResponse;
  @ApiProperty({ type: AssetCheckResponse }) assets: AssetCheckResponse;
  @ApiProperty({ type: ProgrammesResponse }) programmes: ProgrammesResponse;
  @ApiProperty({ type: ReferralsResponse, description: 'special assistance the household is referred to' })
  referrals: ReferralsResponse;
}
