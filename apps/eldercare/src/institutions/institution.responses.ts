import { ApiProperty } from '@nestjs/swagger';

// What the institution routes answer (institutions.service.ts view, admit, discharge, nursingBedShare).

class Beds {
  @ApiProperty() nursing: number;
  @ApiProperty() general: number;
  @ApiProperty() total: number;
}

class Occupied {
  @ApiProperty() nursing: number;
  @ApiProperty() general: number;
}

const ratio = { type: Number, nullable: true, description: 'a fraction 0..1; null without beds' };

export class InstitutionResponse {
  @ApiProperty() institutionId: string;
  @ApiProperty() name: string;
  @ApiProperty() ownership: string;
  @ApiProperty({ type: Number, nullable: true }) starRating: number | null;
  @ApiProperty() town: string;
  @ApiProperty() village: string;
  @ApiProperty({ type: Beds }) beds: Beds;
  @ApiProperty({ type: Occupied }) occupied: Occupied;
  @ApiProperty(ratio) occupancy: number | null;
  @ApiProperty(ratio) nursingBedShare: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'private institutions: beds × the per-bed maximum (fen)' })
  startupSubsidyCeilingFen: number | null;
  @ApiProperty({ format: 'date' }) registeredOn: string;
}

export class StayResponse {
  @ApiProperty() stayId: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() elderId: string;
  @ApiProperty() bedType: string;
  @ApiProperty({ format: 'date' }) admittedOn: string;
}

export class DischargeResponse {
  @ApiProperty() stayId: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() elderId: string;
  @ApiProperty({ format: 'date' }) dischargedOn: string;
  @ApiProperty() reason: string;
}

class BedShare {
  @ApiProperty() nursingBeds: number;
  @ApiProperty() totalBeds: number;
  @ApiProperty(ratio) share: number | null;
}

class TownBedShare extends BedShare {
  @ApiProperty() town: string;
}

export class NursingBedShareResponse {
  @ApiProperty({ type: BedShare }) city: BedShare;
  @ApiProperty({ type: [TownBedShare] }) towns: TownBedShare[];
}
