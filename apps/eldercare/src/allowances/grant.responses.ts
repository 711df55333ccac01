import { ELDER_ALLOWANCES } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Grant } from './grants';

/** An allowance grant (grants.ts Grant): the amount in force and the dated parameter it comes from. */
export class GrantResponse implements Grant {
  @ApiProperty() grantId: string;
  @ApiProperty() elderId: string;
  @ApiProperty({ enum: ELDER_ALLOWANCES }) allowance: Grant['allowance'];
  @ApiProperty() monthlyAmountFen: number;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty() parameterKey: string;
  @ApiProperty() basis: string;
  @ApiProperty({ enum: ['active', 'stopped'] }) status: 'active' | 'stopped';
  @ApiProperty({ type: String, format: 'date', nullable: true }) stoppedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) stopReason: string | null;
}
