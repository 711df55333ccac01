import { ECONOMIC_STATUSES, LIVING_SITUATIONS } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Elder } from './elder-record';

class ElderContact {
  @ApiProperty() name: string;
  @ApiProperty() relation: string;
  @ApiProperty() phone: string;
}

/** An elder as the routes answer it (elder-record.ts Elder): never the raw ID number. */
export class ElderResponse implements Elder {
  @ApiProperty() elderId: string;
  @ApiProperty() personRef: string;
  @ApiProperty() maskedId: string;
  @ApiProperty({ format: 'date' }) birthDate: string;
  @ApiProperty({ enum: ['male', 'female'] }) sex: 'male' | 'female';
  @ApiProperty() town: string;
  @ApiProperty() village: string;
  @ApiProperty({ enum: LIVING_SITUATIONS, isArray: true }) livingSituation: Elder['livingSituation'];
  @ApiProperty({ enum: ECONOMIC_STATUSES }) economicStatus: Elder['economicStatus'];
  @ApiProperty({ type: [ElderContact] }) contacts: ElderContact[];
  @ApiProperty({ type: String, nullable: true }) socialWorker: string | null;
  @ApiProperty({ type: String, nullable: true }) abilityLevel: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) nextAssessmentDue: string | null;
  @ApiProperty({ enum: ['active', 'deceased'] }) status: 'active' | 'deceased';
  @ApiProperty({ type: String, format: 'date', nullable: true }) deathDate: string | null;
  @ApiProperty({ format: 'date' }) registeredOn: string;
}
