import { ApiProperty } from '@nestjs/swagger';
import { DivisionResponse } from '../divisions/division.responses';

// What the community routes answer (communities.service.ts, community-indicators.ts).

export class CommunityProfileResponse {
  @ApiProperty() village: string;
  @ApiProperty() households: number;
  @ApiProperty() residents: number;
  @ApiProperty() urban: boolean;
  @ApiProperty() facilityAreaM2: number;
  @ApiProperty() communityWorkers: number;
  @ApiProperty() certifiedCommunityWorkers: number;
  @ApiProperty({ format: 'date' }) asOf: string;
}

export class SetProfileResponse extends CommunityProfileResponse {
  @ApiProperty() town: string;
}

export class ElectionResponse {
  @ApiProperty() electionId: string;
  @ApiProperty() village: string;
  @ApiProperty({ format: 'date' }) heldOn: string;
  @ApiProperty({ format: 'date' }) termStart: string;
  @ApiProperty({ format: 'date' }) termEnd: string;
  @ApiProperty() eligibleVoters: number;
  @ApiProperty() votesCast: number;
  @ApiProperty() membersElected: number;
  @ApiProperty() turnoutPercent: number;
}

export class CommunityResponse {
  @ApiProperty({ type: DivisionResponse }) division: DivisionResponse;
  @ApiProperty({ type: CommunityProfileResponse, nullable: true }) profile: CommunityProfileResponse | null;
  @ApiProperty({ type: ElectionResponse, nullable: true }) currentTerm: ElectionResponse | null;
  @ApiProperty({ type: [ElectionResponse], description: 'newest first' }) elections: ElectionResponse[];
}

class CommunityTotalsResponse {
  @ApiProperty() households: number;
  @ApiProperty() facilityAreaM2: number;
  @ApiProperty() urbanResidents: number;
  @ApiProperty() urbanCommunityWorkers: number;
  @ApiProperty() communityWorkers: number;
  @ApiProperty() certifiedCommunityWorkers: number;
  @ApiProperty() eligibleVoters: number;
  @ApiProperty() votesCast: number;
}

const ratio = { type: Number, nullable: true };

export class CommunityIndicatorsResponse {
  @ApiProperty({ type: String, nullable: true }) town: string | null;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ type: CommunityTotalsResponse }) totals: CommunityTotalsResponse;
  @ApiProperty(ratio) facilityAreaPer100Households: number | null;
  @ApiProperty(ratio) communityWorkersPer10kUrbanResidents: number | null;
  @ApiProperty(ratio) certifiedCommunityWorkerPercent: number | null;
  @ApiProperty(ratio) electionTurnoutPercent: number | null;
}
