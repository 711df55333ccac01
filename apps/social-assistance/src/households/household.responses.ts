import { STANDARD_AREAS } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';

// What the household routes answer (households.controller.ts householdView, households.service.ts;
// the member, income and asset shapes are household.model.ts's).

class HukouResponse {
  @ApiProperty() townCode: string;
  @ApiProperty() villageCode: string;
}

class MemberResponse {
  @ApiProperty() personRef: string;
  @ApiProperty({ description: 'the ID number masked' }) maskedId: string;
  @ApiProperty({ format: 'date' }) birthDate: string;
  @ApiProperty() sex: string;
  @ApiProperty() relation: string;
  @ApiProperty({ type: HukouResponse }) hukou: HukouResponse;
  @ApiProperty() hukouType: string;
  @ApiProperty() labourCapacity: string;
  @ApiProperty({ type: String, nullable: true }) disabilityLevel: string | null;
  @ApiProperty() seriousIllness: boolean;
  @ApiProperty() schooling: string;
  @ApiProperty() selfCareAbility: string;
  @ApiProperty() hasLegalSupporterAbleToSupport: boolean;
}

class IncomeResponse {
  @ApiProperty() personRef: string;
  @ApiProperty({ enum: ['wages', 'business', 'property', 'transfer', 'pension', 'other'] }) source: string;
  @ApiProperty({ enum: ['monthly', 'annual'] }) period: string;
  @ApiProperty() amountFen: number;
}

class AssetsResponse {
  @ApiProperty() financialAssetsFen: number;
  @ApiProperty() vehicles: number;
  @ApiProperty({ description: 'dwellings beyond the one lived in' }) extraHousingUnits: number;
  @ApiProperty() dangerousHouse: boolean;
}

class RigidExpenditureResponse {
  @ApiProperty() medical: number;
  @ApiProperty() education: number;
  @ApiProperty() rehabilitation: number;
  @ApiProperty() disaster: number;
  @ApiProperty() accident: number;
}

class MonthlyIncomeResponse {
  @ApiProperty() totalMonthlyIncomeFen: number;
  @ApiProperty() perCapitaMonthlyIncomeFen: number;
}

export class HouseholdResponse {
  @ApiProperty() householdId: string;
  @ApiProperty() town: string;
  @ApiProperty() village: string;
  @ApiProperty({ enum: ['active', 'dissolved'] }) status: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: STANDARD_AREAS }) standardArea: string;
  @ApiProperty({ type: [MemberResponse] }) members: MemberResponse[];
  @ApiProperty({ type: [IncomeResponse] }) incomes: IncomeResponse[];
  @ApiProperty({ type: AssetsResponse }) assets: AssetsResponse;
  @ApiProperty({ type: RigidExpenditureResponse, description: 'the last 12 months, fen' })
  rigidExpenditure: RigidExpenditureResponse;
  @ApiProperty({ type: MonthlyIncomeResponse }) income: MonthlyIncomeResponse;
}

export class HouseholdVersionResponse {
  @ApiProperty() version: number;
  @ApiProperty() change: string;
  @ApiProperty() reason: string;
  @ApiProperty() changedBy: string;
  @ApiProperty({ format: 'date-time' }) changedAt: string;
  @ApiProperty({ format: 'date' }) effectiveDate: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the household as it was then' })
  snapshot: unknown;
}

export class RevealedIdNumberResponse {
  @ApiProperty() personRef: string;
  @ApiProperty({ description: 'the raw resident ID number (the read is audited)' }) idNumber: string;
}
