import { ApiProperty } from '@nestjs/swagger';

// What the organisation routes answer (organisations.service.ts Organisation and view).

const day = { type: String, format: 'date', nullable: true };

class AnnualReport {
  @ApiProperty() year: number;
  @ApiProperty({ format: 'date' }) filedOn: string;
  @ApiProperty() incomeFen: number;
  @ApiProperty() spendingFen: number;
}

export class OrganisationResponse {
  @ApiProperty() organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty() creditCode: string;
  @ApiProperty() town: string;
  @ApiProperty({ format: 'date' }) registeredOn: string;
  @ApiProperty({ type: String, nullable: true }) grade: string | null;
  @ApiProperty({ type: [AnnualReport] }) reports: AnnualReport[];
  @ApiProperty(day) fundraisingFrom: string | null;
  @ApiProperty(day) fundraisingUntil: string | null;
  @ApiProperty({ description: 'on governance’s black list' }) blackListed: boolean;
  @ApiProperty({ description: 'holds a valid public-fundraising qualification today' }) qualifiedToday: boolean;
}
