import { ApiProperty } from '@nestjs/swagger';
import { AnnualReportView } from './annual-reports.service';
import { OrganisationView } from './organisations.service';

// What the social-organisation routes answer (organisations.service.ts, annual-reports.service.ts).

const text = { type: String, nullable: true };
const day = { type: String, format: 'date', nullable: true };

export class SocialOrganisationResponse implements OrganisationView {
  @ApiProperty() organisationId: string;
  @ApiProperty() registrationNumber: string;
  @ApiProperty() name: string;
  @ApiProperty(text) creditCode: string | null;
  @ApiProperty() kind: string;
  @ApiProperty() town: string;
  @ApiProperty({ format: 'date' }) registeredOn: string;
  @ApiProperty({ description: 'a hub community organisation (枢纽型)' }) hub: boolean;
  @ApiProperty({ type: Number, nullable: true, description: '1-5 (A)' }) grade: number | null;
  @ApiProperty(day) gradedOn: string | null;
  @ApiProperty({ enum: ['red', 'black', 'none'] }) creditList: 'red' | 'black' | 'none';
  @ApiProperty(text) creditReason: string | null;
  @ApiProperty(day) creditFrom: string | null;
}

export class OrganisationChangeResponse {
  @ApiProperty() seq: number;
  @ApiProperty() change: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) before: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true }) after: unknown;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date' }) changedOn: string;
  @ApiProperty() changedBy: string;
}

export class HubsPerTownResponse {
  @ApiProperty() town: string;
  @ApiProperty() name: string;
  @ApiProperty() hubs: number;
}

export class AnnualReportResponse implements AnnualReportView {
  @ApiProperty() organisationId: string;
  @ApiProperty() town: string;
  @ApiProperty() year: number;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty(day) filedOn: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) onTime: boolean | null;
  @ApiProperty(day) lateFlaggedOn: string | null;
}

export class LateScanResponse {
  @ApiProperty({ description: 'reports flagged late by this scan' }) flagged: number;
  @ApiProperty({ format: 'date' }) on: string;
}
