import { ApiProperty } from '@nestjs/swagger';

// What the volunteer and facility routes answer (volunteers.service.ts).

export class VolunteerResponse {
  @ApiProperty() volunteerId: string;
  @ApiProperty() personRef: string;
  @ApiProperty() maskedId: string;
  @ApiProperty() town: string;
  @ApiProperty({ format: 'date' }) registeredOn: string;
  @ApiProperty({ description: 'total minutes served' }) serviceMinutes: number;
}

export class FacilityResponse {
  @ApiProperty() facilityId: string;
  @ApiProperty() village: string;
  @ApiProperty() town: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'hosts a volunteer station from' })
  volunteerStationFrom: string | null;
}
