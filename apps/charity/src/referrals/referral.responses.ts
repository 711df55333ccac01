import { HELP_CENTRES } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Referral } from './referrals.service';

const text = { type: String, nullable: true };

/** A help-centre referral (referrals.service.ts Referral). */
export class ReferralResponse implements Referral {
  @ApiProperty() referralId: string;
  @ApiProperty({ ...text, description: 'the policy-engine alert it came from' }) alertId: string | null;
  @ApiProperty() source: string;
  @ApiProperty() personRef: string;
  @ApiProperty() town: string;
  @ApiProperty({ enum: HELP_CENTRES }) helpCentre: Referral['helpCentre'];
  @ApiProperty() summary: string;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueDate: string | null;
  @ApiProperty() status: string;
  @ApiProperty(text) assignedTo: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) resolvedOn: string | null;
  @ApiProperty(text) note: string | null;
  @ApiProperty() aidFen: number;
}
